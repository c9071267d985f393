import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "~/components/form";
import { UserRoleFields } from "~/components/UserFields";
import { createUserFormSchema, PASSWORD_MIN_LENGTH } from "~/domain/users";
import { getDb } from "~/services/db.server";
import { ownerChoices } from "~/services/owners.server";
import { createUser } from "~/services/users.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  return { owners: ownerChoices(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, ["admin"]);
  const submission = parseWithZod(await readForm(request), { schema: createUserFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const { user } = await createUser(getDb(), submission.value, String(admin.id));
    return redirect(`/admin/users/${user.id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function NewUserPage() {
  const { t } = useTranslation();
  const { owners } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult,
    constraint: getZodConstraint(createUserFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createUserFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow">
      <h1>{t("users.new")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.login} label={t("users.login")} autoComplete="off" hint={t("users.loginHint")} />
        <TextField meta={fields.displayName} label={t("users.displayName")} />
        <TextField meta={fields.password} label={t("users.initialPassword")} type="password" autoComplete="new-password" hint={t("account.rule", { min: PASSWORD_MIN_LENGTH })} />
        <UserRoleFields roles={fields.roles} isDirector={fields.isDirector} ownerId={fields.ownerId} owners={owners} />
        <button type="submit">{t("actions.create")}</button>
      </Form>
    </section>
  );
}
