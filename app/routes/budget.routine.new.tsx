import { randomUUID } from "node:crypto";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, SelectField, TextField } from "~/components/form";
import { MAX_ATTACHMENT_BYTES } from "~/domain/attachments";
import { formatFen } from "~/domain/money";
import { kindLabel } from "~/domain/spending/budget";
import { ROUTINE_KIND_NAMES } from "~/domain/spending/kinds";
import { routineFormSchema } from "~/domain/spending/routine-forms";
import { readUpload } from "~/services/attachments.server";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";
import { approvedLinesFor } from "~/services/spending/budget-usage.server";
import { recordRoutineSpendingWithUpload } from "~/services/spending/routine.server";

// Room for the form's other fields around the largest file we accept.
const MAX_BODY_BYTES = MAX_ATTACHMENT_BYTES + 256 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  // A fresh key per form: submitting it twice, or from two tabs, books once.
  return { lines: approvedLinesFor(getDb()), idempotencyKey: randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return data({ lastResult: { status: "error" as const, error: { voucher: ["income.errors.attachmentTooLarge"] } }, params: null }, { status: 413 });
  }
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: routineFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const upload = await readUpload(formData.get("voucher"), "voucher");
    const { amount, routineKind, ...rest } = submission.value;
    const { routine } = await recordRoutineSpendingWithUpload(getDb(), {
      ...rest, routineKind: routineKind as (typeof ROUTINE_KIND_NAMES)[number], amountFen: amount, upload,
    }, String(user.id));
    return redirect(`/budget/routine?highlight=${routine.id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function NewRoutinePage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith("en");
  const { lines, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult as never,
    constraint: getZodConstraint(routineFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: routineFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { routineKind: "payroll" },
  });
  const params = (actionData as { params?: Record<string, string | number> | null } | undefined)?.params ?? {};
  const error = (actionData?.lastResult as { error?: Record<string, string[] | null> } | undefined)?.error ?? {};
  // Refusals of the whole payment carry params (the remaining amount…): shown above the form, in words.
  const messages = error[""] ?? [];
  return (
    <section className="narrow">
      <h1>{t("budget.routineNew")}</h1>
      <p><Link to="/budget/routine">{t("budget.routine")}</Link> · <Link to="/budget">{t("budget.list")}</Link></p>
      <p className="hint">{t("budget.overrunHint")}</p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        {messages.length ? <div className="form-errors" role="alert">{messages.map((code) => <p key={code}>{t(code, params)}</p>)}</div> : null}
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <SelectField
          meta={fields.budgetLineId}
          label={t("budget.fields.budgetLine")}
          options={[
            { value: "", label: t("budget.chooseLine") },
            ...lines.map((l) => ({
              value: String(l.id),
              label: `${l.budget.year} ${t(`budget.books.${l.budget.book}`)} · ${kindLabel(l.kind, en)} · ${t("budget.fields.remaining")} ${formatFen(l.remainingFen)}`,
            })),
          ]}
        />
        <SelectField meta={fields.routineKind} label={t("budget.fields.routineKind")} options={ROUTINE_KIND_NAMES.map((k) => ({ value: k, label: t(`budget.routineKinds.${k}`) }))} />
        <TextField meta={fields.paidOn} label={t("budget.fields.paidOn")} hint="YYYY-MM-DD" />
        <TextField meta={fields.amount} label={t("budget.fields.amount")} />
        <TextField meta={fields.payee} label={t("budget.fields.payee")} />
        <TextField meta={fields.bankReference} label={t("budget.fields.bankReference")} />
        <TextField meta={fields.invoiceNumber} label={t("budget.fields.invoiceNumber")} />
        <TextField meta={fields.memo} label={t("budget.fields.memo")} />
        <div className="field">
          <label htmlFor="routine-voucher">{t("budget.fields.voucher")}</label>
          <input id="routine-voucher" type="file" name="voucher" accept="application/pdf,image/jpeg,image/png" required aria-describedby="routine-voucher-hint" />
          <p id="routine-voucher-hint" className="hint">{t("budget.voucherHint")}</p>
          <FieldErrors id="routine-voucher-errors" errors={error.voucher ?? undefined} />
        </div>
        <button type="submit">{t("budget.routineNew")}</button>
      </Form>
    </section>
  );
}
