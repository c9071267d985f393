import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/form";
import { newDraftFormSchema } from "~/domain/statements/publishing-forms";
import { DraftMessages, replyMessages, splitReply, type DraftReply } from "./DraftMessages";
import { WorkReportField } from "./DraftReportForm";

/** A manager starts the first draft of a period the server offers (ended quarters, fully published years). */
export function DraftNewForm({ reply, periods, periodLabel }: { reply?: DraftReply; periods: readonly string[]; periodLabel: (period: string) => string }) {
  const { t } = useTranslation();
  const { lastResult, refusals } = splitReply(reply);
  const [form, fields] = useForm({
    id: "new-draft",
    lastResult: lastResult as never,
    constraint: getZodConstraint(newDraftFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newDraftFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { period: periods[0] ?? "", workReport: "" },
  });
  if (periods.length === 0) return <p className="hint">{t("statementAdmin.noDraftable")}</p>;
  return (
    <Form method="post" {...getFormProps(form)}>
      <DraftMessages id={form.errorId} codes={[...replyMessages({ lastResult }, [""]), ...refusals]} params={reply?.params} />
      <div className="field">
        <label htmlFor={fields.period.id}>{t("statementAdmin.fields.period")}</label>
        <select id={fields.period.id} name={fields.period.name} defaultValue={fields.period.initialValue as string | undefined} aria-describedby={fields.period.errors ? fields.period.errorId : undefined}>
          {periods.map((period) => <option key={period} value={period}>{periodLabel(period)}</option>)}
        </select>
        <FieldErrors id={fields.period.errorId} errors={fields.period.errors} />
      </div>
      <WorkReportField meta={fields.workReport} />
      <button type="submit">{t("statementAdmin.actions.create")}</button>
    </Form>
  );
}
