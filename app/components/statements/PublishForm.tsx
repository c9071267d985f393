import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextField } from "~/components/form";
import { publishFormSchema } from "~/domain/statements/publishing-forms";
import { DraftMessages, replyIntent, replyMessages, splitReply, type DraftReply } from "./DraftMessages";

/**
 * A committee member publishes an approved draft with its posting window
 * 公示期 (default: today to today + the minimum − 1) and, optionally, where
 * it is posted. The server checks the minimum; refusals come back here.
 */
export function PublishForm({ reply, postedFrom, postedTo, minDays }: { reply?: DraftReply; postedFrom: string; postedTo: string; minDays: number }) {
  const { t } = useTranslation();
  const mine = replyIntent(reply) === "publish" ? reply : undefined;
  const { lastResult, refusals } = splitReply(mine);
  const [form, fields] = useForm({
    id: "publish",
    lastResult: lastResult as never,
    constraint: getZodConstraint(publishFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: publishFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { postedFrom, postedTo, location: "" },
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <DraftMessages id={form.errorId} codes={[...replyMessages({ lastResult }, [""]), ...refusals]} params={mine?.params} />
      <p className="hint">{t("statementAdmin.hints.window", { days: minDays, to: postedTo })}</p>
      <TextField meta={fields.postedFrom} label={t("statementAdmin.fields.postedFrom")} hint={t("statementAdmin.hints.date")} />
      <TextField meta={fields.postedTo} label={t("statementAdmin.fields.postedTo")} hint={t("statementAdmin.hints.date")} />
      <TextField meta={fields.location} label={t("statementAdmin.fields.location")} hint={t("statementAdmin.hints.location")} />
      <button type="submit" name="intent" value="publish">{t("statementAdmin.actions.publish")}</button>
    </Form>
  );
}
