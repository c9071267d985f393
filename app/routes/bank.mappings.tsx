import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "~/components/form";
import { saveMappingFormSchema } from "~/domain/bank/mapping";
import { hasAnyRole } from "~/domain/roles";
import { getDb } from "~/services/db.server";
import { listBankMappings, saveBankMapping } from "~/services/bank/mappings.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const saved = new URL(request.url).searchParams.get("saved") === "1";
  return {
    canAct: hasAnyRole(user.roles, ["manager"]),
    saved,
    mappings: listBankMappings(getDb()).map((m) => ({ id: m.id, name: m.name, mapping: m.parsed })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const submission = parseWithZod(await readForm(request), { schema: saveMappingFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    saveBankMapping(getDb(), submission.value, String(user.id));
    return redirect("/bank/mappings?saved=1");
  } catch (error) {
    return refuse(submission, error);
  }
}

const COLUMN_KEYS = ["date", "amount", "debit", "credit", "counterparty", "memo", "reference", "balance"] as const;

export default function BankMappingsPage() {
  const { t } = useTranslation();
  const { canAct, saved, mappings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "bank-mapping",
    lastResult: actionData?.lastResult,
    constraint: getZodConstraint(saveMappingFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: saveMappingFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section>
      <h1>{t("bank.mappings")}</h1>
      <p><Link to="/bank">{t("bank.title")}</Link></p>
      {saved ? <p className="notice" role="status">{t("bank.mappingSaved")}</p> : null}
      {mappings.length === 0 ? <p>{t("bank.noMappings")}</p> : (
        <table className="data-table">
          <thead><tr>{(["name", "headerRow", "columns"] as const).map((k) => <th key={k} scope="col">{t(`bank.mappingCols.${k}`)}</th>)}</tr></thead>
          <tbody>
            {mappings.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.mapping.headerRow}</td>
                <td>{COLUMN_KEYS.filter((k) => m.mapping[k]).map((k) => `${t(`bank.columns.${k}`)}: ${m.mapping[k]}`).join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canAct ? (
        <>
          <h2>{t("bank.editMapping")}</h2>
          <Form method="post" {...getFormProps(form)} className="narrow">
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextField meta={fields.name} label={t("bank.mappingName")} />
            <TextField meta={fields.headerRow} label={t("bank.preview.headerRow")} type="number" />
            {COLUMN_KEYS.map((key) => <TextField key={key} meta={fields[key]} label={t(`bank.columns.${key}`)} />)}
            <p className="hint">{t("bank.layoutHint")}</p>
            <button type="submit">{t("bank.saveMapping")}</button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
