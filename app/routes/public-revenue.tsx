import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FundRuleForm } from "~/components/public-revenue/FundRuleForm";
import { QuartersTable } from "~/components/public-revenue/QuartersTable";
import { shanghaiDate } from "~/domain/calendar";
import { fundRuleFormSchema, fundTransferFormSchema } from "~/domain/income/maintenance-fund-forms";
import { formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { getDb } from "~/services/db.server";
import { citableDecisions } from "~/services/decisions/usage.server";
import { bookMaintenanceFundTransfer, maintenanceFundQuarters, publicRevenueOverview, setMaintenanceFundRule } from "~/services/income/maintenance-fund.server";
import { forbidden, invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const db = getDb();
  const today = shanghaiDate(new Date());
  const canSetRule = hasAnyRole(user.roles, ["committee"]);
  return {
    today,
    ...publicRevenueOverview(db, today),
    quarters: maintenanceFundQuarters(db, today),
    decisions: canSetRule ? citableDecisions(db) : [],
    canSetRule,
    canBook: hasAnyRole(user.roles, ["manager"]),
  };
}

const intentSchema = z.enum(["rule", "transfer"]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const formData = await readForm(request);
  const intent = intentSchema.safeParse(formData.get("intent"));
  if (!intent.success) return data({ intent: null, period: null, lastResult: null }, { status: 400 });
  // The committee sets the owners' rule; only a manager records payments (DESIGN.md §2).
  if (!hasAnyRole(user.roles, [intent.data === "rule" ? "committee" : "manager"])) throw forbidden();
  const actor = String(user.id);
  if (intent.data === "rule") {
    const submission = parseWithZod(formData, { schema: fundRuleFormSchema });
    if (submission.status !== "success") return reply("rule", null, invalid(submission));
    try {
      setMaintenanceFundRule(getDb(), submission.value, actor);
    } catch (error) {
      return reply("rule", null, refuse(submission, error));
    }
    return redirect("/public-revenue");
  }
  const submission = parseWithZod(formData, { schema: fundTransferFormSchema });
  const period = String(formData.get("period") ?? "");
  if (submission.status !== "success") return reply("transfer", period, invalid(submission));
  try {
    bookMaintenanceFundTransfer(getDb(), submission.value, actor);
  } catch (error) {
    return reply("transfer", period, refuse(submission, error));
  }
  return redirect(`/public-revenue#quarter-${submission.value.period}`);
}

function reply<T extends { data: { lastResult: unknown }; init: ResponseInit | null }>(intent: string, period: string | null, result: T) {
  return data({ intent, period, lastResult: result.data.lastResult }, result.init ?? undefined);
}

export default function PublicRevenuePage() {
  const { t } = useTranslation();
  const { today, rules, inForce, floor, bankBalanceFen, catchUpDueFen, quarters, decisions, canSetRule, canBook } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData?.lastResult as SubmissionResult<string[]> | undefined;
  return (
    <section>
      <h1>{t("publicRevenue.title")}</h1>
      <p>{t("publicRevenue.intro")}</p>
      <p>
        <Link to="/income">{t("income.title")}</Link> · <Link to="/income/splits">{t("income.splits.title")}</Link> ·{" "}
        <Link to="/decisions">{t("publicRevenue.decisions")}</Link>
      </p>
      <p className="totals">{t("publicRevenue.balance", { date: today, amount: formatFen(bankBalanceFen) })}</p>

      <h2>{t("publicRevenue.rules.title")}</h2>
      <p>
        {inForce
          ? t("publicRevenue.rules.inForce", { percent: inForce.percent, from: inForce.effectiveFrom })
          : t("publicRevenue.rules.noneInForce")}{" "}
        {t("publicRevenue.rules.floor", { floor })}
      </p>
      {rules.length === 0 ? null : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("publicRevenue.rules.effectiveFrom")}</th>
              <th scope="col">{t("publicRevenue.rules.percent")}</th>
              <th scope="col">{t("publicRevenue.rules.decision")}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td>{r.effectiveFrom}</td>
                <td>{r.percent}%</td>
                <td><Link to={`/decisions/${r.decisionId}`}>{r.decisionLabel}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canSetRule ? (
        <>
          <h3>{t("publicRevenue.rules.set")}</h3>
          <FundRuleForm decisions={decisions} floor={floor} lastResult={actionData?.intent === "rule" ? lastResult : undefined} />
        </>
      ) : null}

      <h2>{t("publicRevenue.quarters.title")}</h2>
      <p className="hint">{t("publicRevenue.quarters.hint")}</p>
      <p className="hint">{t("publicRevenue.quarters.differenceHint")}</p>
      {catchUpDueFen !== 0 ? <p className="totals">{t("publicRevenue.quarters.catchUpDue", { amount: formatFen(catchUpDueFen) })}</p> : null}
      <QuartersTable
        quarters={quarters}
        canBook={canBook}
        failed={actionData?.intent === "transfer" && actionData.period && lastResult ? { period: actionData.period, lastResult } : null}
      />
    </section>
  );
}
