import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "~/components/form";
import { homePathFor } from "~/domain/roles";
import { loginFormSchema } from "~/domain/users";
import { login } from "~/services/auth.server";
import { getDb } from "~/services/db.server";
import { assertSameOrigin, clientAddress, commitSession, getUser, invalid, readForm, safeRedirect, sessionToken } from "~/services/request.server";

export const meta: MetaFunction = () => [{ title: "登录 · 明账" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homePathFor(user.roles));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const submission = parseWithZod(await readForm(request), { schema: loginFormSchema });
  if (submission.status !== "success") return invalid(submission);
  const { login: loginName, password, redirectTo } = submission.value;
  const outcome = await login(getDb(), {
    login: loginName, password, address: clientAddress(context), priorToken: await sessionToken(request),
  });
  if (!outcome.ok) {
    return data(
      { lastResult: submission.reply({ formErrors: [outcome.code], hideFields: ["password"] }), minutes: outcome.minutes },
      { status: outcome.code === "auth.rateLimited" ? 429 : 401 },
    );
  }
  const to = outcome.user.mustChangePassword ? "/account/password" : safeRedirect(redirectTo, homePathFor(outcome.user.roles));
  return redirect(to, { headers: { "Set-Cookie": await commitSession(request, outcome.token) } });
}

export default function LoginPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult,
    constraint: getZodConstraint(loginFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginFormSchema }),
    shouldRevalidate: "onInput",
  });
  const minutes = actionData && "minutes" in actionData ? actionData.minutes : 0;
  return (
    <section className="narrow">
      <h1>{t("auth.title")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors?.map((code) => (code === "auth.rateLimited" ? t(code, { minutes }) : code))} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField meta={fields.login} label={t("auth.login")} autoComplete="username" />
        <TextField meta={fields.password} label={t("auth.password")} type="password" autoComplete="current-password" />
        <button type="submit">{t("auth.submit")}</button>
      </Form>
    </section>
  );
}
