import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "~/components/form";
import { fundTransferFormSchema } from "~/domain/income/maintenance-fund-forms";

/** The manager's form to book one ended quarter's transfer to the maintenance fund. */
export function TransferForm({ period, lastResult }: { period: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: `transfer-${period}`,
    lastResult,
    constraint: getZodConstraint(fundTransferFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: fundTransferFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { period, bankReference: `转维修资金 ${period}` },
  });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="transfer" />
      <input type="hidden" name="period" value={period} />
      <FormErrors id={form.errorId} errors={[...(form.errors ?? []), ...(fields.period.errors ?? [])]} />
      <TextField meta={fields.paidOn} label={t("publicRevenue.quarters.paidOn")} hint="YYYY-MM-DD" />
      <TextField meta={fields.bankReference} label={t("publicRevenue.quarters.bankReference")} />
      <button type="submit">{t("publicRevenue.quarters.book")}</button>
    </Form>
  );
}
