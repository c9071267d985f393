import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";

/** Error messages are i18n keys from the zod schemas and services. */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors || errors.length === 0) return null;
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((code) => <li key={code}>{t(code)}</li>)}
    </ul>
  );
}

export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors || errors.length === 0) return null;
  return (
    <div id={id} className="form-errors" role="alert">
      {errors.map((code) => <p key={code}>{t(code)}</p>)}
    </div>
  );
}

// Conform's field types vary with each form's schema; these components only read names, ids and errors.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = FieldMetadata<any, any, string[]>;

export function TextField({ meta, label, type = "text", hint, autoComplete }: {
  meta: AnyField; label: string; type?: "text" | "password" | "tel" | "number"; hint?: string; autoComplete?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...getInputProps(meta, { type, ariaDescribedBy: hint ? `${meta.id}-hint` : undefined })} autoComplete={autoComplete} />
      {hint ? <p id={`${meta.id}-hint`} className="hint">{hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({ meta, label, options }: {
  meta: AnyField; label: string; options: { value: string; label: string }[];
}) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...getSelectProps(meta)}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function CheckboxField({ meta, label }: { meta: AnyField; label: string }) {
  return (
    <div className="field checkbox">
      <input {...getInputProps(meta, { type: "checkbox" })} />
      <label htmlFor={meta.id}>{label}</label>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
