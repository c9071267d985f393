import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "~/components/form";
import { homePathFor } from "~/domain/roles";
import { changePasswordFormSchema, PASSWORD_MIN_LENGTH } from "~/domain/users";
import { changeOwnPassword } from "~/services/auth.server";
import { getDb } from "~/services/db.server";
import { commitSession, invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { mustChange: user.mustChangePassword };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: changePasswordFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const { token } = await changeOwnPassword(getDb(), user.id, submission.value);
    return redirect(homePathFor(user.roles), { headers: { "Set-Cookie": await commitSession(request, token) } });
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { mustChange } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult,
    constraint: getZodConstraint(changePasswordFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow">
      <h1>{t("account.passwordTitle")}</h1>
      {mustChange ? <p className="notice" role="status">{t("account.mustChange")}</p> : null}
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.currentPassword} label={t("account.current")} type="password" autoComplete="current-password" />
        <TextField meta={fields.newPassword} label={t("account.new")} type="password" autoComplete="new-password" hint={t("account.rule", { min: PASSWORD_MIN_LENGTH })} />
        <TextField meta={fields.confirmPassword} label={t("account.confirm")} type="password" autoComplete="new-password" />
        <button type="submit">{t("account.save")}</button>
      </Form>
    </section>
  );
}
