import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, FormErrors, SelectField, TextField, type AnyField } from "~/components/form";
import { SUPPLIER_KINDS, supplierFormSchema } from "~/domain/spending/supplier-forms";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";
import { createSupplier } from "~/services/spending/suppliers.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  return {};
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: supplierFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const { supplier } = createSupplier(getDb(), submission.value, String(user.id));
    return redirect(`/suppliers/${supplier.id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

/** A text field whose refusal may name something (the supplier already holding a code). */
function CodeField({ meta, label, hint, params }: { meta: AnyField; label: string; hint?: string; params: Record<string, string | number> | null }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...getInputProps(meta, { type: "text", ariaDescribedBy: hint ? `${meta.id}-hint` : undefined })} autoComplete="off" />
      {hint ? <p id={`${meta.id}-hint`} className="hint">{hint}</p> : null}
      {meta.errors?.length ? (
        <ul id={meta.errorId} className="field-errors" role="alert">
          {meta.errors.map((code) => <li key={code}>{t(code, params ?? {})}</li>)}
        </ul>
      ) : null}
    </div>
  );
}

export default function NewSupplierPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const params = actionData && "params" in actionData ? (actionData.params as Record<string, string | number> | null) : null;
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult as never,
    constraint: getZodConstraint(supplierFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: supplierFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { kind: "organisation" },
  });
  return (
    <section className="narrow">
      <h1>{t("suppliers.new")}</h1>
      <p><Link to="/suppliers">{t("suppliers.list")}</Link></p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField meta={fields.kind} label={t("suppliers.fields.kind")} options={SUPPLIER_KINDS.map((k) => ({ value: k, label: t(`suppliers.kinds.${k}`) }))} />
        <p className="hint">{t("suppliers.kindHint")}</p>
        <TextField meta={fields.name} label={t("suppliers.fields.name")} />
        <fieldset>
          <legend>{t("suppliers.organisationFields")}</legend>
          <CodeField meta={fields.creditCode} label={t("suppliers.fields.creditCode")} params={params} />
          <TextField meta={fields.legalRepresentative} label={t("suppliers.fields.legalRepresentative")} />
        </fieldset>
        <fieldset>
          <legend>{t("suppliers.individualFields")}</legend>
          <CodeField meta={fields.idNumber} label={t("suppliers.fields.idNumber")} hint={t("suppliers.hints.idNumber")} params={params} />
        </fieldset>
        <TextField meta={fields.contactName} label={t("suppliers.fields.contactName")} />
        <TextField meta={fields.phone} label={t("suppliers.fields.phone")} type="tel" />
        <TextField meta={fields.address} label={t("suppliers.fields.address")} />
        <TextField meta={fields.bankName} label={t("suppliers.fields.bankName")} />
        <TextField meta={fields.bankAccount} label={t("suppliers.fields.bankAccount")} hint={t("suppliers.hints.bankAccount")} />
        <TextField meta={fields.scope} label={t("suppliers.fields.scope")} />
        <CheckboxField meta={fields.relatedToCompany} label={t("suppliers.fields.relatedToCompany")} />
        <TextField meta={fields.companyRelation} label={t("suppliers.fields.companyRelation")} hint={t("suppliers.hints.companyRelation")} />
        <button type="submit">{t("suppliers.create")}</button>
      </Form>
    </section>
  );
}
