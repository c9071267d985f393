import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CheckboxField, FormErrors, TextField } from "~/components/form";
import { Timeline } from "~/components/Timeline";
import { hasAnyRole } from "~/domain/roles";
import { supplierReasonFormSchema, supplierUpdateFormSchema } from "~/domain/spending/supplier-forms";
import { getDb } from "~/services/db.server";
import { forbidden, invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { relationsOfSupplier } from "~/services/spending/related-parties.server";
import { subjectTimeline } from "~/services/timeline.server";
import { deactivateSupplier, getSupplier, reactivateSupplier, updateSupplier } from "~/services/spending/suppliers.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const db = getDb();
  const id = parseId(params.supplierId);
  const supplier = getSupplier(db, id);
  if (!supplier) throw notFound();
  return {
    supplier,
    relations: relationsOfSupplier(db, id),
    timeline: subjectTimeline(db, [`supplier:${id}`]),
    canEdit: hasAnyRole(user.roles, ["manager"]),
    canToggle: hasAnyRole(user.roles, ["manager", "committee"]),
  };
}

const intentSchema = z.enum(["update", "deactivate", "reactivate"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee"]);
  const id = parseId(params.supplierId);
  const formData = await readForm(request);
  const intent = intentSchema.safeParse(formData.get("intent"));
  if (!intent.success) return data({ intent: null, lastResult: null }, { status: 400 });
  const actor = String(user.id);
  if (intent.data === "update") {
    if (!hasAnyRole(user.roles, ["manager"])) throw forbidden();
    const submission = parseWithZod(formData, { schema: supplierUpdateFormSchema });
    if (submission.status !== "success") return withIntent("update", invalid(submission));
    try {
      updateSupplier(getDb(), id, submission.value, actor);
    } catch (error) {
      return withIntent("update", refuse(submission, error));
    }
    return redirect(`/suppliers/${id}`);
  }
  const submission = parseWithZod(formData, { schema: supplierReasonFormSchema });
  if (submission.status !== "success") return withIntent("status", invalid(submission));
  try {
    (intent.data === "deactivate" ? deactivateSupplier : reactivateSupplier)(getDb(), id, submission.value, actor);
  } catch (error) {
    return withIntent("status", refuse(submission, error));
  }
  return redirect(`/suppliers/${id}`);
}

function withIntent<T extends { data: { lastResult: unknown }; init: ResponseInit | null }>(intent: string, reply: T) {
  return data({ intent, lastResult: reply.data.lastResult }, reply.init ?? undefined);
}

type LoaderData = Awaited<ReturnType<typeof loader>>;

function Details({ supplier }: { supplier: LoaderData["supplier"] }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t("suppliers.fields.kind"), t(`suppliers.kinds.${supplier.kind}`)],
    supplier.kind === "organisation"
      ? [t("suppliers.fields.creditCode"), supplier.creditCode ?? ""]
      : [t("suppliers.fields.idNumberMasked"), supplier.idNumberMasked ?? ""],
    ...(supplier.kind === "organisation" ? [[t("suppliers.fields.legalRepresentative"), supplier.legalRepresentative] as [string, string]] : []),
    [t("suppliers.fields.contactName"), supplier.contactName],
    [t("suppliers.fields.phone"), supplier.phone],
    [t("suppliers.fields.address"), supplier.address],
    [t("suppliers.fields.bankName"), supplier.bankName],
    [t("suppliers.fields.bankAccount"), supplier.bankAccount],
    [t("suppliers.fields.scope"), supplier.scope],
    [t("suppliers.fields.relatedToCompany"), supplier.relatedToCompany ? `${t("suppliers.yes")}：${supplier.companyRelation}` : t("suppliers.no")],
    [t("suppliers.fields.active"), supplier.active ? t("suppliers.active") : `${t("suppliers.inactive")}（${supplier.deactivatedReason ?? ""}）`],
  ];
  return (
    <dl className="details">
      {rows.map(([label, value]) => (
        <div key={label}><dt>{label}</dt><dd>{value}</dd></div>
      ))}
    </dl>
  );
}

function Relations({ relations }: { relations: LoaderData["relations"] }) {
  const { t } = useTranslation();
  if (relations.length === 0) return <p>{t("suppliers.relations.none")}</p>;
  return (
    <ul>
      {relations.map((r) => (
        <li key={r.id}>
          {r.userName}：{r.relation}（{r.declaredOn}，{r.endedOn ? t("suppliers.relations.ended", { date: r.endedOn }) : t("suppliers.relations.open")}）
        </li>
      ))}
    </ul>
  );
}

export default function SupplierPage() {
  const { t } = useTranslation();
  const { supplier, relations, timeline, canEdit, canToggle } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = (intent: string) => (actionData?.intent === intent ? (actionData.lastResult as never) : undefined);
  const [form, fields] = useForm({
    id: "update",
    lastResult: result("update"),
    defaultValue: {
      name: supplier.name, legalRepresentative: supplier.legalRepresentative, contactName: supplier.contactName, phone: supplier.phone,
      address: supplier.address, bankName: supplier.bankName, bankAccount: supplier.bankAccount, scope: supplier.scope,
      relatedToCompany: supplier.relatedToCompany, companyRelation: supplier.companyRelation,
    },
    constraint: getZodConstraint(supplierUpdateFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: supplierUpdateFormSchema }),
    shouldValidate: "onBlur",
  });
  const [statusForm, statusFields] = useForm({
    id: "status",
    lastResult: result("status"),
    constraint: getZodConstraint(supplierReasonFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: supplierReasonFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow">
      <h1>{supplier.name}</h1>
      <p><Link to="/suppliers">{t("suppliers.list")}</Link> · <Link to="/related-parties">{t("suppliers.relations.title")}</Link></p>
      <h2>{t("suppliers.details")}</h2>
      <Details supplier={supplier} />
      <h2>{t("suppliers.relations.ofSupplier")}</h2>
      <Relations relations={relations} />
      {canEdit ? (
        <>
          <h2>{t("suppliers.edit")}</h2>
          <Form method="post" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextField meta={fields.name} label={t("suppliers.fields.name")} />
            {supplier.kind === "organisation" ? <TextField meta={fields.legalRepresentative} label={t("suppliers.fields.legalRepresentative")} /> : null}
            <TextField meta={fields.contactName} label={t("suppliers.fields.contactName")} />
            <TextField meta={fields.phone} label={t("suppliers.fields.phone")} type="tel" />
            <TextField meta={fields.address} label={t("suppliers.fields.address")} />
            <TextField meta={fields.bankName} label={t("suppliers.fields.bankName")} />
            <TextField meta={fields.bankAccount} label={t("suppliers.fields.bankAccount")} hint={t("suppliers.hints.bankAccount")} />
            <TextField meta={fields.scope} label={t("suppliers.fields.scope")} />
            <CheckboxField meta={fields.relatedToCompany} label={t("suppliers.fields.relatedToCompany")} />
            <TextField meta={fields.companyRelation} label={t("suppliers.fields.companyRelation")} hint={t("suppliers.hints.companyRelation")} />
            <button type="submit" name="intent" value="update">{t("suppliers.save")}</button>
          </Form>
        </>
      ) : null}
      {canToggle ? (
        <>
          <h2>{t("suppliers.status")}</h2>
          <Form method="post" {...getFormProps(statusForm)}>
            <FormErrors id={statusForm.errorId} errors={statusForm.errors} />
            <TextField meta={statusFields.reason} label={t("suppliers.reason")} />
            {supplier.active
              ? <button type="submit" name="intent" value="deactivate" className="danger">{t("suppliers.deactivate")}</button>
              : <button type="submit" name="intent" value="reactivate">{t("suppliers.reactivate")}</button>}
          </Form>
        </>
      ) : null}
      <h2>{t("suppliers.timeline")}</h2>
      <Timeline items={timeline} />
    </section>
  );
}
