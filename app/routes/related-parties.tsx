import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors, SelectField, TextField } from "~/components/form";
import { shanghaiDate } from "~/domain/calendar";
import { hasAnyRole } from "~/domain/roles";
import { declareRelationFormSchema, endRelationFormSchema } from "~/domain/spending/supplier-forms";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";
import { declarablePeople, declareRelation, endRelation, listRelations, relationsOfUser, type RelationView } from "~/services/spending/related-parties.server";
import { supplierChoices } from "~/services/spending/suppliers.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const db = getDb();
  const isDirector = user.isDirector && hasAnyRole(user.roles, ["committee"]);
  const canDeclare = hasAnyRole(user.roles, ["manager", "committee"]);
  return {
    userId: user.id,
    isDirector,
    canDeclare,
    mine: canDeclare ? relationsOfUser(db, user.id) : [],
    all: hasAnyRole(user.roles, ["committee", "auditor"]) ? listRelations(db) : null,
    people: isDirector ? declarablePeople(db) : [],
    suppliers: canDeclare ? supplierChoices(db) : [],
    today: shanghaiDate(new Date()),
  };
}

const intentSchema = z.enum(["declare", "end"]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const formData = await readForm(request);
  const intent = intentSchema.safeParse(formData.get("intent"));
  if (!intent.success) return data({ intent: null, lastResult: null }, { status: 400 });
  const actor = String(user.id);
  if (intent.data === "declare") {
    const submission = parseWithZod(formData, { schema: declareRelationFormSchema });
    if (submission.status !== "success") return withIntent("declare", invalid(submission));
    try {
      const { userId, ...rest } = submission.value;
      declareRelation(getDb(), { ...rest, userId: userId ?? user.id }, actor);
    } catch (error) {
      return withIntent("declare", refuse(submission, error));
    }
    return redirect("/related-parties");
  }
  const submission = parseWithZod(formData, { schema: endRelationFormSchema });
  if (submission.status !== "success") return withIntent("end", invalid(submission));
  try {
    const { relationId, ...rest } = submission.value;
    endRelation(getDb(), relationId, rest, actor);
  } catch (error) {
    return withIntent("end", refuse(submission, error));
  }
  return redirect("/related-parties");
}

function withIntent<T extends { data: { lastResult: unknown }; init: ResponseInit | null }>(intent: string, reply: T) {
  return data({ intent, lastResult: reply.data.lastResult }, reply.init ?? undefined);
}

function EndForm({ relation, today }: { relation: RelationView; today: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="relationId" value={relation.id} />
      <label>{t("suppliers.relations.endedOn")} <input name="endedOn" defaultValue={today} required /></label>{" "}
      <label>{t("suppliers.relations.endReason")} <input name="reason" required maxLength={200} /></label>{" "}
      <button type="submit" name="intent" value="end">{t("suppliers.relations.end")}</button>
    </Form>
  );
}

function RelationTable({ relations, canEnd, today }: { relations: RelationView[]; canEnd: (r: RelationView) => boolean; today: string }) {
  const { t } = useTranslation();
  if (relations.length === 0) return <p>{t("suppliers.relations.none")}</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">{t("suppliers.relations.cols.person")}</th>
          <th scope="col">{t("suppliers.relations.cols.supplier")}</th>
          <th scope="col">{t("suppliers.relations.cols.relation")}</th>
          <th scope="col">{t("suppliers.relations.cols.declaredOn")}</th>
          <th scope="col">{t("suppliers.relations.cols.status")}</th>
        </tr>
      </thead>
      <tbody>
        {relations.map((r) => (
          <tr key={r.id}>
            <td>{r.userName}</td>
            <td><Link to={`/suppliers/${r.supplierId}`}>{r.supplierName}</Link></td>
            <td>{r.relation}</td>
            <td>{r.declaredOn}</td>
            <td>
              {r.endedOn ? `${t("suppliers.relations.ended", { date: r.endedOn })}（${r.endedReason ?? ""}）` : t("suppliers.relations.open")}
              {!r.endedOn && canEnd(r) ? <EndForm relation={r} today={today} /> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function RelatedPartiesPage() {
  const { t } = useTranslation();
  const { userId, isDirector, canDeclare, mine, all, people, suppliers, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = (intent: string) => (actionData?.intent === intent ? (actionData.lastResult as never) : undefined);
  const [form, fields] = useForm({
    id: "declare",
    lastResult: result("declare"),
    defaultValue: { declaredOn: today },
    constraint: getZodConstraint(declareRelationFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: declareRelationFormSchema }),
    shouldValidate: "onBlur",
  });
  const endResult = result("end") as { error?: Record<string, string[] | null> } | undefined;
  const endErrors = Object.values(endResult?.error ?? {}).flatMap((codes) => codes ?? []);
  const canEnd = (r: RelationView) => isDirector || r.userId === userId || r.declaredBy === String(userId);
  return (
    <section>
      <h1>{t("suppliers.relations.title")}</h1>
      <p><Link to="/suppliers">{t("suppliers.list")}</Link></p>
      <FormErrors id="end-errors" errors={endErrors} />
      {canDeclare ? (
        <>
          <h2>{t("suppliers.relations.mine")}</h2>
          <RelationTable relations={mine} canEnd={canEnd} today={today} />
          <h2>{t("suppliers.relations.declare")}</h2>
          <p className="hint">{t("suppliers.relations.declareHint")}</p>
          {isDirector ? <p className="hint">{t("suppliers.relations.directorHint")}</p> : null}
          <Form method="post" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            {isDirector ? (
              <SelectField
                meta={fields.userId}
                label={t("suppliers.relations.person")}
                options={[{ value: "", label: t("suppliers.relations.self") }, ...people.filter((p) => p.id !== userId).map((p) => ({ value: String(p.id), label: p.displayName }))]}
              />
            ) : null}
            <SelectField
              meta={fields.supplierId}
              label={t("suppliers.relations.supplier")}
              options={[{ value: "", label: t("suppliers.relations.chooseSupplier") }, ...suppliers.map((s) => ({ value: String(s.id), label: `${s.name} (#${s.id})` }))]}
            />
            <TextField meta={fields.relation} label={t("suppliers.relations.relation")} />
            <TextField meta={fields.declaredOn} label={t("suppliers.relations.declaredOn")} />
            <button type="submit" name="intent" value="declare">{t("suppliers.relations.declare")}</button>
          </Form>
        </>
      ) : null}
      {all ? (
        <>
          <h2>{t("suppliers.relations.all")}</h2>
          <RelationTable relations={all} canEnd={canDeclare ? canEnd : () => false} today={today} />
        </>
      ) : null}
    </section>
  );
}
