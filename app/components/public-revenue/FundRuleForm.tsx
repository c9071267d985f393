import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, SelectField, TextField } from "~/components/form";
import { decisionLabel } from "~/domain/decisions/matters";
import { fundRuleFormSchema } from "~/domain/income/maintenance-fund-forms";

/** The committee's form to set the fund's share from a date, citing a passed decision. */
export function FundRuleForm({ decisions, floor, lastResult }: {
  decisions: { id: number; year: number; serial: number; title: string }[];
  floor: string;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "fund-rule",
    lastResult,
    constraint: getZodConstraint(fundRuleFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: fundRuleFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" className="narrow" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="rule" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.percent} label={t("publicRevenue.rules.percent")} hint={t("publicRevenue.rules.percentHint", { floor })} />
      <TextField meta={fields.effectiveFrom} label={t("publicRevenue.rules.effectiveFrom")} hint="YYYY-MM-DD" />
      <SelectField meta={fields.decisionId} label={t("publicRevenue.rules.decision")} options={[
        { value: "", label: t("publicRevenue.rules.chooseDecision") },
        ...decisions.map((d) => ({ value: String(d.id), label: decisionLabel(d) })),
      ]} />
      <button type="submit">{t("publicRevenue.rules.set")}</button>
    </Form>
  );
}
