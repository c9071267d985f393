import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OWNER_KINDS, ownerFormSchema } from "~/domain/register";
import { FormErrors, SelectField, TextField } from "./form";

export function OwnerForm({ lastResult, defaultValue, submitLabel }: {
  lastResult?: SubmissionResult<string[]>;
  defaultValue?: { kind: string; name: string; phone: string };
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    constraint: getZodConstraint(ownerFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ownerFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField meta={fields.kind} label={t("owners.kind")} options={OWNER_KINDS.map((k) => ({ value: k, label: t(`ownerKinds.${k}`) }))} />
      <TextField meta={fields.name} label={t("owners.name")} />
      <TextField meta={fields.phone} label={t("owners.phone")} type="tel" />
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
