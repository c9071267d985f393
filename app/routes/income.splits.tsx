import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/DataTable";
import { FormErrors, SelectField, TextField } from "~/components/form";
import { splitRuleFormSchema } from "~/domain/income/forms";
import { SPLIT_KINDS } from "~/domain/income/kinds";
import { decisionLabel } from "~/domain/decisions/matters";
import { hasAnyRole } from "~/domain/roles";
import { citableDecisions } from "~/services/decisions/usage.server";
import { getDb } from "~/services/db.server";
import { listSplitRules, setSplitRule } from "~/services/income/split-rules.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const db = getDb();
  const canSet = hasAnyRole(user.roles, ["committee"]);
  return { rules: listSplitRules(db), canSet, decisions: canSet ? citableDecisions(db) : [] };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  const submission = parseWithZod(await readForm(request), { schema: splitRuleFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    setSplitRule(getDb(), submission.value, String(user.id));
    return redirect("/income/splits");
  } catch (error) {
    return refuse(submission, error);
  }
}

type Row = Awaited<ReturnType<typeof loader>>["rules"][number];

export default function SplitRulesPage() {
  const { t } = useTranslation();
  const { rules, canSet, decisions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult,
    constraint: getZodConstraint(splitRuleFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: splitRuleFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { kind: "advertising" },
  });
  const columns: ColumnDef<Row, unknown>[] = [
    { header: t("income.splits.kind"), cell: ({ row }) => t(`income.kinds.${row.original.kind}`) },
    { header: t("income.splits.percent"), cell: ({ row }) => t("income.splits.share", { percent: row.original.publicRevenuePercent }) },
    { header: t("income.splits.effectiveFrom"), accessorKey: "effectiveFrom" },
    {
      header: t("income.splits.decisionRef"),
      cell: ({ row }) => (row.original.decisionId ? <Link to={`/decisions/${row.original.decisionId}`}>{row.original.decisionRef}</Link> : row.original.decisionRef),
    },
  ];
  return (
    <section>
      <h1>{t("income.splits.title")}</h1>
      <p>{t("income.splits.intro")}</p>
      <p><Link to="/income">{t("income.list")}</Link></p>
      {rules.length === 0 ? <p>{t("income.none")}</p> : <DataTable data={rules} columns={columns} />}
      {canSet ? (
        <>
          <h2>{t("income.splits.set")}</h2>
          <Form method="post" className="narrow" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <SelectField meta={fields.kind} label={t("income.splits.kind")} options={SPLIT_KINDS.map((k) => ({ value: k, label: t(`income.kinds.${k}`) }))} />
            <TextField meta={fields.publicRevenuePercent} label={t("income.splits.percent")} hint={t("income.splits.percentHint")} />
            <TextField meta={fields.effectiveFrom} label={t("income.splits.effectiveFrom")} hint="YYYY-MM-DD" />
            <SelectField meta={fields.decisionId} label={t("income.splits.decision")} options={[
              { value: "", label: t("income.splits.chooseDecision") },
              ...decisions.map((d) => ({ value: String(d.id), label: decisionLabel(d) })),
            ]} />
            <p className="hint">{t("income.splits.decisionHint")}</p>
            <button type="submit">{t("income.splits.set")}</button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
