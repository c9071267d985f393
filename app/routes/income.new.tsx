import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, FieldErrors, FormErrors, SelectField, TextField } from "~/components/form";
import { MAX_ATTACHMENT_BYTES } from "~/domain/attachments";
import { incomeFormSchema } from "~/domain/income/forms";
import { INCOME_KINDS } from "~/domain/income/kinds";
import { readUpload } from "~/services/attachments.server";
import { getDb } from "~/services/db.server";
import { recordIncomeWithUpload } from "~/services/income/income.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

// Room for the form's other fields around the largest file we accept.
const MAX_BODY_BYTES = MAX_ATTACHMENT_BYTES + 256 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  return {};
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return data({ lastResult: { status: "error" as const, error: { attachment: ["income.errors.attachmentTooLarge"] } } }, { status: 413 });
  }
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: incomeFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const { amount, deduction, ...rest } = submission.value;
    const { record } = await recordIncomeWithUpload(
      getDb(), { ...rest, amountFen: amount, deductionFen: deduction ?? 0 }, await readUpload(formData.get("attachment"), "attachment"), String(user.id),
      await readUpload(formData.get("deductionEvidence"), "deductionEvidence"),
    );
    return redirect(`/income?highlight=${record.id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function NewIncomePage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult as never,
    constraint: getZodConstraint(incomeFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: incomeFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { kind: "decoration" },
  });
  const errorsOf = (field: string) => (actionData?.lastResult as { error?: Record<string, string[] | null> } | undefined)?.error?.[field] ?? undefined;
  return (
    <section className="narrow">
      <h1>{t("income.new")}</h1>
      <p><Link to="/income">{t("income.list")}</Link> · <Link to="/income/splits">{t("income.splits.title")}</Link></p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField meta={fields.kind} label={t("income.fields.kind")} options={INCOME_KINDS.map((k) => ({ value: k, label: t(`income.kinds.${k}`) }))} />
        <TextField meta={fields.receivedOn} label={t("income.fields.receivedOn")} hint="YYYY-MM-DD" />
        <TextField meta={fields.amount} label={t("income.fields.amount")} />
        <SelectField
          meta={fields.book}
          label={t("income.fields.book")}
          options={[
            { value: "", label: t("income.chooseBook") },
            { value: "cogoverned", label: t("income.fields.cogoverned") },
            { value: "public_revenue", label: t("income.fields.publicRevenue") },
          ]}
        />
        <p className="hint">{t("income.hints.book")}</p>
        <TextField meta={fields.counterparty} label={t("income.fields.counterparty")} />
        <CheckboxField meta={fields.counterpartyIsPerson} label={t("income.fields.counterpartyIsPerson")} />
        <TextField meta={fields.reference} label={t("income.fields.reference")} />
        <TextField meta={fields.permitRef} label={t("income.fields.permitRef")} hint={t("income.hints.permitRef")} />
        <TextField meta={fields.memo} label={t("income.fields.memo")} />
        <div className="field">
          <label htmlFor="income-attachment">{t("income.fields.attachment")}</label>
          <input id="income-attachment" type="file" name="attachment" accept="application/pdf,image/jpeg,image/png" />
          <FieldErrors id="income-attachment-errors" errors={errorsOf("attachment")} />
        </div>
        <fieldset>
          <legend>{t("income.deduction.legend")}</legend>
          <p className="hint">{t("income.deduction.hint")}</p>
          <TextField meta={fields.deduction} label={t("income.deduction.amount")} />
          <TextField meta={fields.deductionReason} label={t("income.deduction.reason")} />
          <div className="field">
            <label htmlFor="income-deduction-evidence">{t("income.deduction.evidence")}</label>
            <input id="income-deduction-evidence" type="file" name="deductionEvidence" accept="application/pdf,image/jpeg,image/png" />
            <FieldErrors id="income-deduction-evidence-errors" errors={errorsOf("deductionEvidence")} />
          </div>
        </fieldset>
        <button type="submit">{t("income.new")}</button>
      </Form>
    </section>
  );
}
