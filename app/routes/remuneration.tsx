import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors, SelectField, TextField } from "~/components/form";
import { TIME_ZONE } from "~/domain/datetime";
import { accrueFormSchema, remunerationRuleFormSchema } from "~/domain/income/forms";
import { dateRange, periodRange } from "~/domain/income/periods";
import { accountDef } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { getDb } from "~/services/db.server";
import { accrueRemuneration, listAccruals, listRemunerationRules, setRemunerationRule } from "~/services/income/remuneration.server";
import { surplusFor } from "~/services/income/surplus.server";
import { forbidden, invalid, readForm, refuse, requireUser } from "~/services/request.server";

function thisYear(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric" }).format(new Date());
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const params = new URL(request.url).searchParams;
  const period = params.get("period")?.trim() || thisYear();
  const range = dateRange(params.get("from") ?? "", params.get("to") ?? "") ?? periodRange(period) ?? periodRange(thisYear())!;
  const db = getDb();
  return {
    rules: listRemunerationRules(db),
    accruals: listAccruals(db),
    surplus: surplusFor(db, range),
    period,
    canSetRule: hasAnyRole(user.roles, ["committee"]),
    canAccrue: hasAnyRole(user.roles, ["manager"]),
  };
}

const intentSchema = z.enum(["rule", "accrue"]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const formData = await readForm(request);
  const intent = intentSchema.safeParse(formData.get("intent"));
  if (!intent.success) return data({ intent: null, lastResult: null }, { status: 400 });
  // The committee sets the rule; a manager accrues (DESIGN.md §2).
  if (!hasAnyRole(user.roles, [intent.data === "rule" ? "committee" : "manager"])) throw forbidden();
  const db = getDb();
  const actor = String(user.id);
  if (intent.data === "rule") {
    const submission = parseWithZod(formData, { schema: remunerationRuleFormSchema });
    if (submission.status !== "success") return withIntent("rule", invalid(submission));
    try {
      const v = submission.value;
      setRemunerationRule(db, v.method === "fixed"
        ? { method: "fixed", fixedFenPerMonth: v.fixedAmount, effectiveFrom: v.effectiveFrom, contractRef: v.contractRef }
        : { method: "percent", percent: v.percent, effectiveFrom: v.effectiveFrom, contractRef: v.contractRef }, actor);
    } catch (error) {
      return withIntent("rule", refuse(submission, error));
    }
    return redirect("/remuneration");
  }
  const submission = parseWithZod(formData, { schema: accrueFormSchema });
  if (submission.status !== "success") return withIntent("accrue", invalid(submission));
  try {
    accrueRemuneration(db, submission.value, actor);
  } catch (error) {
    return withIntent("accrue", refuse(submission, error));
  }
  return redirect("/remuneration");
}

function withIntent<T extends { data: { lastResult: unknown }; init: ResponseInit | null }>(intent: string, reply: T) {
  return data({ intent, lastResult: reply.data.lastResult }, reply.init ?? undefined);
}

export default function RemunerationPage() {
  const { t, i18n } = useTranslation();
  const { rules, accruals, surplus, period, canSetRule, canAccrue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = (intent: string) => (actionData?.intent === intent ? (actionData.lastResult as never) : undefined);
  const [ruleForm, ruleFields] = useForm({
    id: "rule",
    lastResult: result("rule"),
    constraint: getZodConstraint(remunerationRuleFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: remunerationRuleFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { method: "percent" },
  });
  const [accrueForm, accrueFields] = useForm({
    id: "accrue",
    lastResult: result("accrue"),
    constraint: getZodConstraint(accrueFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: accrueFormSchema }),
    shouldValidate: "onBlur",
  });
  const ruleText = (r: (typeof rules)[number]) =>
    r.method === "fixed" ? t("income.remuneration.ruleFixed", { amount: formatFen(r.fixedFenPerMonth ?? 0) }) : t("income.remuneration.rulePercent", { percent: r.percent });
  const accountName = (code: string) => {
    const def = accountDef(code);
    return `${code} ${def ? (i18n.language.startsWith("en") ? def.nameEn : def.nameZh) : ""}`;
  };
  return (
    <section>
      <h1>{t("income.remuneration.title")}</h1>
      <p><Link to="/income">{t("income.title")}</Link></p>

      <h2>{t("income.remuneration.rules")}</h2>
      {rules.length === 0 ? <p>{t("income.none")}</p> : (
        <table className="data-table">
          <thead><tr><th scope="col">{t("income.remuneration.effectiveFrom")}</th><th scope="col">{t("income.remuneration.method")}</th><th scope="col">{t("income.remuneration.contractRef")}</th></tr></thead>
          <tbody>{rules.map((r) => <tr key={r.id}><td>{r.effectiveFrom}</td><td>{ruleText(r)}</td><td>{r.contractRef}</td></tr>)}</tbody>
        </table>
      )}
      {canSetRule ? (
        <Form method="post" className="narrow" {...getFormProps(ruleForm)}>
          <h3>{t("income.remuneration.newRule")}</h3>
          <FormErrors id={ruleForm.errorId} errors={ruleForm.errors} />
          <SelectField meta={ruleFields.method} label={t("income.remuneration.method")} options={[
            { value: "percent", label: t("income.remuneration.percent") },
            { value: "fixed", label: t("income.remuneration.fixed") },
          ]} />
          <TextField meta={ruleFields.percent} label={t("income.remuneration.percentField")} hint={t("income.splits.percentHint")} />
          <TextField meta={ruleFields.fixedAmount} label={t("income.remuneration.fixedAmount")} />
          <TextField meta={ruleFields.effectiveFrom} label={t("income.remuneration.effectiveFrom")} />
          <TextField meta={ruleFields.contractRef} label={t("income.remuneration.contractRef")} />
          <button type="submit" name="intent" value="rule">{t("income.remuneration.newRule")}</button>
        </Form>
      ) : null}

      <h2>{t("income.remuneration.accruals")}</h2>
      {accruals.length === 0 ? <p>{t("income.none")}</p> : (
        <table className="data-table">
          <thead><tr><th scope="col">{t("income.remuneration.month")}</th><th scope="col">{t("income.remuneration.amount")}</th></tr></thead>
          <tbody>
            {accruals.map((a) => (
              <tr key={a.id}>
                <td>{a.month}</td>
                <td>{a.percent == null
                  ? t("income.remuneration.computationFixed", { amount: formatFen(a.amountFen) })
                  : t("income.remuneration.computationPercent", { base: formatFen(a.baseFen), percent: a.percent, amount: formatFen(a.amountFen) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canAccrue ? (
        <Form method="post" className="narrow" {...getFormProps(accrueForm)}>
          <FormErrors id={accrueForm.errorId} errors={accrueForm.errors} />
          <TextField meta={accrueFields.month} label={t("income.remuneration.month")} />
          <button type="submit" name="intent" value="accrue">{t("income.remuneration.accrue")}</button>
        </Form>
      ) : null}

      <h2>{t("income.remuneration.surplus")}</h2>
      <Form method="get" className="filters">
        <label>{t("income.remuneration.period")} <input name="period" defaultValue={period} aria-describedby="period-hint" /></label>
        <span id="period-hint" className="hint">{t("income.remuneration.periodHint")}</span>
        <button type="submit">{t("income.remuneration.show")}</button>
      </Form>
      <p>{t("income.remuneration.range", { from: surplus.from, to: surplus.to })}</p>
      <table className="data-table">
        <tbody>
          <tr><th scope="row">{t("income.remuneration.income")}</th><td>{formatFen(surplus.incomeFen)}</td></tr>
          {surplus.income.map((l) => <tr key={`i${l.accountCode}`}><td>{accountName(l.accountCode)}</td><td>{formatFen(l.amountFen)}</td></tr>)}
          <tr><th scope="row">{t("income.remuneration.spending")}</th><td>−{formatFen(surplus.spendingFen)}</td></tr>
          {surplus.spending.map((l) => <tr key={`s${l.accountCode}`}><td>{accountName(l.accountCode)}</td><td>{formatFen(l.amountFen)}</td></tr>)}
          <tr><th scope="row">{t("income.remuneration.remunerationLine")}</th><td>−{formatFen(surplus.remunerationFen)}</td></tr>
          <tr><th scope="row">{t("income.remuneration.result")}</th><td><strong>{formatFen(surplus.surplusFen)}</strong></td></tr>
        </tbody>
      </table>
      <p><strong>{surplus.surplusFen >= 0
        ? t("income.remuneration.surplusText", { amount: formatFen(surplus.surplusFen) })
        : t("income.remuneration.deficitText", { amount: formatFen(-surplus.surplusFen) })}</strong></p>
    </section>
  );
}
