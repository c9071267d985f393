import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextField } from "~/components/form";
import { DecisionSelect } from "~/components/spending/DecisionCitation";
import { ProblemList, type Params } from "~/components/spending/ProposalForm";
import { formatDateTime } from "~/domain/datetime";
import { fenToDecimalString, formatFen } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { rulesFormSchema } from "~/domain/spending/rules-forms";
import { METHODS, type ProcurementRules } from "~/domain/spending/tiers";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";
import { citableDecisions, proposeRulesChange, rulesOverview } from "~/services/spending/proposals.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const mayPropose = hasAnyRole(user.roles, ["committee"]);
  return { ...rulesOverview(getDb()), mayPropose, decisions: mayPropose ? citableDecisions(getDb()) : [] };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  const submission = parseWithZod(await readForm(request), { schema: rulesFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    proposeRulesChange(getDb(), submission.value, String(user.id));
    return redirect("/spending/rules");
  } catch (error) {
    return refuse(submission, error);
  }
}

function RulesFacts({ rules }: { rules: ProcurementRules }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <dt>{t("spending.fields.comparisonFrom")}</dt><dd className="money">{formatFen(rules.comparisonFromFen)}</dd>
      <dt>{t("spending.fields.selectionFrom")}</dt><dd className="money">{formatFen(rules.selectionFromFen)}</dd>
      <dt>{t("spending.fields.ownersAbove")}</dt><dd className="money">{formatFen(rules.ownersAboveFen)}</dd>
      <dt>{t("spending.fields.unanimousFrom")}</dt><dd className="money">{formatFen(rules.unanimousFromFen)}</dd>
      <dt>{t("spending.fields.splitWindowDays")}</dt><dd>{rules.splitWindowDays}</dd>
      <dt>{t("spending.fields.minQuotes")}</dt>
      <dd>{METHODS.map((m) => `${t(`spending.methods.${m}`)}: ${rules.minQuotes[m]}`).join("；")}</dd>
    </dl>
  );
}

export default function RulesPage() {
  const { t, i18n } = useTranslation();
  const { inForce, history, mayPropose, decisions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const r = inForce.rules;
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult as never,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: rulesFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: {
      comparisonFrom: fenToDecimalString(r.comparisonFromFen), selectionFrom: fenToDecimalString(r.selectionFromFen),
      ownersAbove: fenToDecimalString(r.ownersAboveFen), unanimousFrom: fenToDecimalString(r.unanimousFromFen),
      splitWindowDays: String(r.splitWindowDays),
      ...Object.fromEntries(METHODS.map((m) => [`minQuotes_${m}`, String(r.minQuotes[m])])),
    },
  });
  const params = actionData && "params" in actionData ? (actionData.params as Params) : null;
  const anyFields = fields as unknown as Record<string, Parameters<typeof TextField>[0]["meta"]>;
  return (
    <section>
      <h1>{t("spending.rulesLink")}</h1>
      <p><Link to="/spending">← {t("spending.list")}</Link></p>
      <p className="notice">{t("spending.hints.rules")}</p>
      <h2>{t("spending.sections.inForce")}</h2>
      {inForce.id === null ? <p>{t("spending.defaultRules")}</p> : null}
      <RulesFacts rules={r} />
      <h2>{t("spending.sections.history")}</h2>
      {history.length === 0 ? <p>—</p> : (
        <ol>
          {history.map((h) => (
            <li key={h.id}>
              <strong>#{h.id} {t(`spending.rulesStatuses.${h.status}`)}</strong> · {t("spending.fields.proposer")} {h.proposer} · {t("spending.fields.decisionRef")} {h.decisionId !== null ? <Link to={`/decisions/${h.decisionId}`}>{h.decisionRef}</Link> : h.decisionRef}
              {h.adoptedAt ? <> · {t("spending.fields.adoptedAt")} {formatDateTime(h.adoptedAt, i18n.language)}</> : null}
              <p>{h.reason}</p>
              <RulesFacts rules={h.rules} />
            </li>
          ))}
        </ol>
      )}
      {mayPropose ? (
        <>
          <h2>{t("spending.sections.propose")}</h2>
          <Form method="post" {...getFormProps(form)} className="narrow">
            <ProblemList problems={(form.errors ?? []).map((code) => ({ code, params }))} />
            <TextField meta={fields.comparisonFrom} label={t("spending.fields.comparisonFrom")} />
            <TextField meta={fields.selectionFrom} label={t("spending.fields.selectionFrom")} />
            <TextField meta={fields.ownersAbove} label={t("spending.fields.ownersAbove")} />
            <TextField meta={fields.unanimousFrom} label={t("spending.fields.unanimousFrom")} />
            {METHODS.map((m) => <TextField key={m} meta={anyFields[`minQuotes_${m}`]!} label={`${t("spending.fields.minQuotes")}：${t(`spending.methods.${m}`)}`} type="number" />)}
            <TextField meta={fields.splitWindowDays} label={t("spending.fields.splitWindowDays")} type="number" />
            <DecisionSelect meta={fields.decisionId} label={t("spending.fields.decisionRef")} hint={t("spending.hints.rulesDecision")} decisions={decisions} params={params} />
            <TextField meta={fields.reason} label={t("spending.fields.reason")} />
            <button type="submit">{t("spending.buttons.propose")}</button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
