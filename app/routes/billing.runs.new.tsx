import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextField } from "~/components/form";
import { runFormSchema } from "~/domain/billing/forms";
import { runBills } from "~/services/billing/runs.server";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  return {};
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const submission = parseWithZod(await readForm(request), { schema: runFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    runBills(getDb(), submission.value, String(user.id));
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect("/billing");
}

export default function NewRunPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const params = actionData && "params" in actionData ? actionData.params : null;
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult,
    constraint: getZodConstraint(runFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: runFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow">
      <h1>{t("billing.newRun")}</h1>
      <Form method="post" {...getFormProps(form)}>
        {form.errors?.length ? <div id={form.errorId} className="form-errors" role="alert">{form.errors.map((code) => <p key={code}>{t(code, (params ?? {}) as Record<string, string>)}</p>)}</div> : null}
        <TextField meta={fields.periodStart} label={t("billing.periodStart")} />
        <TextField meta={fields.issuedOn} label={t("billing.issuedOn")} />
        <TextField meta={fields.dueOn} label={t("billing.dueOn")} />
        <button type="submit">{t("billing.newRun")}</button>
      </Form>
    </section>
  );
}
