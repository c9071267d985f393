import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, SelectField, TextField } from "~/components/form";
import { PAYMENT_METHODS, paymentFormSchema } from "~/domain/billing/forms";
import { recordPaymentForUnitNumber } from "~/services/billing/payments.server";
import { buildingNames } from "~/services/billing/reading.server";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  return { buildings: buildingNames(getDb()), idempotencyKey: crypto.randomUUID() };
}

/** Only a manager records payments (DESIGN.md §2). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const submission = parseWithZod(await readForm(request), { schema: paymentFormSchema });
  if (submission.status !== "success") return invalid(submission);
  const { amount, ...rest } = submission.value;
  let unitId: number;
  try {
    unitId = recordPaymentForUnitNumber(getDb(), { ...rest, amountFen: amount }, String(user.id)).payment.unitId;
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect(`/billing/units/${unitId}`);
}

export default function NewPaymentPage() {
  const { t } = useTranslation();
  const { buildings, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const params = actionData && "params" in actionData ? actionData.params : null;
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult,
    constraint: getZodConstraint(paymentFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: paymentFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow">
      <h1>{t("billing.newPayment")}</h1>
      <Form method="post" {...getFormProps(form)}>
        {form.errors?.length ? <div id={form.errorId} className="form-errors" role="alert">{form.errors.map((code) => <p key={code}>{t(code, (params ?? {}) as Record<string, string>)}</p>)}</div> : null}
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <SelectField meta={fields.building} label={t("billing.building")} options={buildings.map((b) => ({ value: b, label: b }))} />
        <TextField meta={fields.number} label={t("billing.number")} />
        <TextField meta={fields.amount} label={t("billing.amount")} />
        <TextField meta={fields.receivedOn} label={t("billing.receivedOn")} />
        <SelectField meta={fields.method} label={t("billing.method")} options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`billing.methods.${m}`) }))} />
        <TextField meta={fields.reference} label={t("billing.paymentReference")} />
        <CheckboxField meta={fields.allowPrepayment} label={t("billing.allowPrepayment")} />
        <button type="submit">{t("billing.newPayment")}</button>
      </Form>
    </section>
  );
}
