import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormErrors, SelectField, TextField } from "~/components/form";
import { PROPOSAL_KINDS } from "~/domain/spending/kinds";
import { ITEM_ROWS, proposalFormSchema } from "~/domain/spending/proposal-forms";
import { DecisionSelect, type DecisionOption } from "./DecisionCitation";
import { kindName } from "./ProposalHeader";

export type Params = Record<string, string | number> | null | undefined;

/** Refusals with their params; the action and status names of an illegal transition are translated too. */
export function ProblemList({ problems }: { problems: readonly { code: string; params?: Params }[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  const words = (params: Params) => {
    if (!params) return {};
    const out: Record<string, string | number> = { ...params };
    if (typeof params.action === "string") out.action = t(`spending.actions.${params.action}`);
    if (typeof params.from === "string") out.from = t(`spending.statuses.${params.from}`);
    if (typeof params.defects === "string") out.defects = params.defects.split(",").map((d) => t(`spending.defects.${d}`)).join("、");
    return out;
  };
  return (
    <div className="form-errors" role="alert">
      {problems.map((p, i) => <p key={`${p.code}-${i}`}>{t(p.code, words(p.params))}</p>)}
    </div>
  );
}

export interface DraftDefaults {
  book?: string;
  kind?: string;
  title?: string;
  reason?: string;
  isMajorRepair?: "yes" | "no";
  decisionId?: string;
  budgetLineId?: string;
  items?: { description: string; quantity: string; unit: string; estimated: string }[];
}

/** The draft form (new and edit): works without JavaScript; the major-repair question has no default. */
export function ProposalForm({ lastResult, params, defaults, books, budgetLines, decisions, submitLabel }: {
  lastResult: unknown;
  params?: Params;
  defaults: DraftDefaults;
  books: readonly ("cogoverned" | "public_revenue")[];
  budgetLines: { id: number; label: string }[];
  decisions: readonly DecisionOption[];
  submitLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm({
    lastResult: lastResult as never,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: proposalFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: defaults as never,
  });
  const rows = Array.from({ length: ITEM_ROWS }, (_, i) => i);
  const itemErrors = Object.entries(form.allErrors ?? {})
    .filter(([k]) => k.startsWith("items"))
    .flatMap(([k, codes]) => codes.map((code) => ({ code, params: { line: Number(/^items\[(\d+)\]/.exec(k)?.[1] ?? 0) + 1 } })));
  const kindOptions = books.flatMap((b) => PROPOSAL_KINDS[b].map((k) => ({ value: k, label: `${t(`spending.books.${b}`)} · ${kindName(k, i18n.language)}` })));
  const major = getInputProps(fields.isMajorRepair, { type: "radio" });
  return (
    <Form method="post" {...getFormProps(form)}>
      {params ? <ProblemList problems={(form.errors ?? []).map((code) => ({ code, params }))} /> : <FormErrors id={form.errorId} errors={form.errors} />}
      <SelectField meta={fields.book} label={t("spending.fields.book")} options={books.map((b) => ({ value: b, label: t(`spending.books.${b}`) }))} />
      <SelectField meta={fields.kind} label={t("spending.fields.kind")} options={kindOptions} />
      <TextField meta={fields.title} label={t("spending.fields.title")} />
      <div className="field">
        <label htmlFor={fields.reason.id}>{t("spending.fields.reason")}</label>
        <textarea id={fields.reason.id} name={fields.reason.name} defaultValue={defaults.reason ?? ""} rows={3} aria-describedby={fields.reason.errorId} />
        <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
      </div>
      <fieldset>
        <legend>{t("spending.fields.isMajorRepair")}</legend>
        <p className="hint" id="major-hint">{t("spending.hints.isMajorRepair")}</p>
        <label className="checkbox-inline">
          <input type="radio" name={major.name} value="yes" id={`${major.id}-yes`} defaultChecked={defaults.isMajorRepair === "yes"} aria-describedby="major-hint" /> {t("spending.yes")}
        </label>
        <label className="checkbox-inline">
          <input type="radio" name={major.name} value="no" id={`${major.id}-no`} defaultChecked={defaults.isMajorRepair === "no"} /> {t("spending.no")}
        </label>
        <FieldErrors id={fields.isMajorRepair.errorId} errors={fields.isMajorRepair.errors} />
      </fieldset>
      <DecisionSelect meta={fields.decisionId} label={t("spending.fields.decisionRef")} hint={t("spending.hints.decisionRef")} decisions={decisions} params={params} noneLabel={t("spending.decision.none")} />
      <SelectField meta={fields.budgetLineId} label={t("spending.fields.budgetLine")} options={[{ value: "", label: "—" }, ...budgetLines.map((l) => ({ value: String(l.id), label: l.label }))]} />
      <fieldset>
        <legend>{t("spending.fields.items")}</legend>
        <p className="hint">{t("spending.hints.items")}</p>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("spending.fields.description")}</th><th scope="col">{t("spending.fields.quantity")}</th>
              <th scope="col">{t("spending.fields.unit")}</th><th scope="col">{t("spending.fields.estimated")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => {
              const d = defaults.items?.[i];
              return (
                <tr key={i}>
                  <td><input name={`items[${i}].description`} defaultValue={d?.description ?? ""} aria-label={`${t("spending.fields.description")} ${i + 1}`} /></td>
                  <td><input name={`items[${i}].quantity`} defaultValue={d?.quantity ?? ""} inputMode="decimal" size={6} aria-label={`${t("spending.fields.quantity")} ${i + 1}`} /></td>
                  <td><input name={`items[${i}].unit`} defaultValue={d?.unit ?? ""} size={4} aria-label={`${t("spending.fields.unit")} ${i + 1}`} /></td>
                  <td><input name={`items[${i}].estimated`} defaultValue={d?.estimated ?? ""} inputMode="decimal" size={10} aria-label={`${t("spending.fields.estimated")} ${i + 1}`} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <ProblemList problems={itemErrors} />
      </fieldset>
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
