import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { UNIT_KINDS, unitFormSchema } from "~/domain/register";
import { FormErrors, SelectField, TextField } from "./form";

export function UnitForm({ lastResult, defaultValue, owners, submitLabel }: {
  lastResult?: SubmissionResult<string[]>;
  defaultValue?: { building: string; number: string; area: string; kind: string; ownerId: string };
  owners: { id: number; name: string }[];
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    constraint: getZodConstraint(unitFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: unitFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.building} label={t("units.building")} />
      <TextField meta={fields.number} label={t("units.number")} />
      <TextField meta={fields.area} label={t("units.area")} hint={t("units.areaHint")} />
      <SelectField meta={fields.kind} label={t("units.kind")} options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKinds.${k}`) }))} />
      <SelectField meta={fields.ownerId} label={t("units.owner")} options={[{ value: "", label: "—" }, ...owners.map((o) => ({ value: String(o.id), label: `${o.name} (#${o.id})` }))]} />
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
