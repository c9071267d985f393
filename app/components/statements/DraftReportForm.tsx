import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/form";
import { workReportFormSchema } from "~/domain/statements/publishing-forms";
import { DraftMessages, replyIntent, replyMessages, splitReply, type DraftReply } from "./DraftMessages";

/** The manager writes or edits the work report 工作情况汇报 (plain text; an approved draft goes back to draft). */
export function DraftReportForm({ reply, workReport }: { reply?: DraftReply; workReport: string }) {
  const { t } = useTranslation();
  const mine = replyIntent(reply) === "workReport" ? reply : undefined;
  const { lastResult, refusals } = splitReply(mine);
  const [form, fields] = useForm({
    id: "work-report",
    lastResult: lastResult as never,
    constraint: getZodConstraint(workReportFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: workReportFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { workReport },
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <DraftMessages id={form.errorId} codes={[...replyMessages({ lastResult }, [""]), ...refusals]} params={mine?.params} />
      <WorkReportField meta={fields.workReport} />
      <button type="submit" name="intent" value="workReport">{t("statementAdmin.actions.saveReport")}</button>
    </Form>
  );
}

/** The work report's textarea with its hint, shared by the new-draft form. */
// Conform's field type depends on the form's schema; only the name, id and errors are read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function WorkReportField({ meta }: { meta: any }) {
  const { t } = useTranslation();
  const field = meta as Parameters<typeof getTextareaProps>[0];
  return (
    <div className="field">
      <label htmlFor={field.id}>{t("statementAdmin.fields.workReport")}</label>
      <textarea {...getTextareaProps(field, { ariaDescribedBy: `${field.id}-hint` })} rows={12} />
      <p id={`${field.id}-hint`} className="hint">{t("statementAdmin.hints.workReport")}</p>
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}
