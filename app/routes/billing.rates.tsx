import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, SelectField, TextField } from "~/components/form";
import { rateFormSchema } from "~/domain/billing/forms";
import { UNIT_KINDS } from "~/domain/register";
import { listFeeRates, setFeeRate } from "~/services/billing/rates.server";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  return { rates: listFeeRates(getDb()), canSet: user.roles.includes("committee") };
}

/** Only the committee sets the owners' rules (DESIGN.md §2). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  const submission = parseWithZod(await readForm(request), { schema: rateFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    setFeeRate(getDb(), submission.value, String(user.id));
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect("/billing/rates");
}

export default function RatesPage() {
  const { t } = useTranslation();
  const { rates, canSet } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult,
    constraint: getZodConstraint(rateFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: rateFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section>
      <h1>{t("billing.rates")}</h1>
      <table className="data-table">
        <thead><tr><th scope="col">{t("billing.unitKind")}</th><th scope="col">{t("billing.rate")}</th><th scope="col">{t("billing.effectiveFrom")}</th><th scope="col">{t("billing.reference")}</th></tr></thead>
        <tbody>{rates.map((r) => <tr key={r.id}><td>{t(`unitKinds.${r.unitKind}`)}</td><td>{r.rate}</td><td>{r.effectiveFrom}</td><td>{r.reference}</td></tr>)}</tbody>
      </table>
      {canSet ? (
        <>
          <h2>{t("billing.setRate")}</h2>
          <Form method="post" {...getFormProps(form)} className="narrow">
            <FormErrors id={form.errorId} errors={form.errors} />
            <SelectField meta={fields.unitKind} label={t("billing.unitKind")} options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKinds.${k}`) }))} />
            <TextField meta={fields.rate} label={t("billing.rate")} hint={t("billing.rateHint")} />
            <TextField meta={fields.effectiveFrom} label={t("billing.effectiveFrom")} />
            <TextField meta={fields.reference} label={t("billing.reference")} />
            <button type="submit">{t("actions.save")}</button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
