import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors, TextField } from "~/components/form";
import { SubjectTimeline } from "~/components/SubjectTimeline";
import { UserRoleFields } from "~/components/UserFields";
import { PASSWORD_MIN_LENGTH, resetPasswordFormSchema, updateUserFormSchema } from "~/domain/users";
import { getDb } from "~/services/db.server";
import { ownerChoices } from "~/services/owners.server";
import { getUser, parseRoles, resetPassword, setUserDisabled, updateUser } from "~/services/users.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { userHistory } from "~/services/timeline-pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  const user = getUser(getDb(), parseId(params.userId));
  if (!user) throw notFound();
  return {
    user: {
      id: user.id, login: user.login, displayName: user.displayName, roles: parseRoles(user.roles), isDirector: user.isDirector,
      ownerId: user.ownerId, disabled: user.disabled, mustChangePassword: user.mustChangePassword,
    },
    owners: ownerChoices(getDb()),
    history: userHistory(getDb(), user.id),
  };
}

const intentSchema = z.enum(["update", "reset", "disable", "enable"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, ["admin"]);
  const id = parseId(params.userId);
  const formData = await readForm(request);
  const intent = intentSchema.safeParse(formData.get("intent"));
  if (!intent.success) return data({ intent: null, lastResult: null }, { status: 400 });
  const db = getDb();
  const actor = String(admin.id);
  if (intent.data === "disable" || intent.data === "enable") {
    const submission = parseWithZod(formData, { schema: z.object({ intent: intentSchema }) });
    if (submission.status !== "success") return withIntent("status", invalid(submission));
    try {
      setUserDisabled(db, id, intent.data === "disable", actor);
    } catch (error) {
      return withIntent("status", refuse(submission, error));
    }
    return redirect(`/admin/users/${id}`);
  }
  const schema = intent.data === "update" ? updateUserFormSchema : resetPasswordFormSchema;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return withIntent(intent.data, invalid(submission));
  try {
    if (intent.data === "update") updateUser(db, id, submission.value as z.infer<typeof updateUserFormSchema>, actor);
    else await resetPassword(db, id, (submission.value as z.infer<typeof resetPasswordFormSchema>).password, actor);
  } catch (error) {
    return withIntent(intent.data, refuse(submission, error));
  }
  return redirect(`/admin/users/${id}`);
}

function withIntent<T extends { data: { lastResult: unknown }; init: ResponseInit | null }>(intent: string, reply: T) {
  return data({ intent, lastResult: reply.data.lastResult }, reply.init ?? undefined);
}

export default function EditUserPage() {
  const { t } = useTranslation();
  const { user, owners, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = (intent: string) => (actionData?.intent === intent ? (actionData.lastResult as never) : undefined);
  const [form, fields] = useForm({
    id: "update",
    lastResult: result("update"),
    defaultValue: { displayName: user.displayName, roles: user.roles, isDirector: user.isDirector, ownerId: user.ownerId ?? undefined },
    constraint: getZodConstraint(updateUserFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateUserFormSchema }),
    shouldValidate: "onBlur",
  });
  const [resetForm, resetFields] = useForm({
    id: "reset",
    lastResult: result("reset"),
    constraint: getZodConstraint(resetPasswordFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordFormSchema }),
    shouldValidate: "onBlur",
  });
  const statusErrors = (result("status") as { error?: Record<string, string[]> } | undefined)?.error?.[""];
  return (
    <section className="narrow">
      <h1>{t("users.edit", { name: user.login })}</h1>
      <p>{user.disabled ? t("users.disabled") : user.mustChangePassword ? t("users.mustChange") : t("users.active")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.displayName} label={t("users.displayName")} />
        <UserRoleFields roles={fields.roles} isDirector={fields.isDirector} ownerId={fields.ownerId} owners={owners} />
        <button type="submit" name="intent" value="update">{t("actions.save")}</button>
      </Form>
      <h2>{t("users.resetTitle")}</h2>
      <Form method="post" {...getFormProps(resetForm)}>
        <FormErrors id={resetForm.errorId} errors={resetForm.errors} />
        <TextField meta={resetFields.password} label={t("users.tempPassword")} type="password" autoComplete="new-password" hint={t("users.resetHint", { min: PASSWORD_MIN_LENGTH })} />
        <button type="submit" name="intent" value="reset">{t("users.reset")}</button>
      </Form>
      <h2>{t("users.statusTitle")}</h2>
      <Form method="post">
        <FormErrors id="status-errors" errors={statusErrors} />
        {user.disabled
          ? <button type="submit" name="intent" value="enable">{t("users.enable")}</button>
          : <button type="submit" name="intent" value="disable" className="danger">{t("users.disable")}</button>}
      </Form>
      {history ? <SubjectTimeline items={history.items} writtenBy={history.writtenBy} /> : null}
    </section>
  );
}
