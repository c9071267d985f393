import { getCollectionProps } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { ROLES } from "~/domain/roles";
import { CheckboxField, FieldErrors, SelectField, type AnyField } from "./form";

/** The role, director and owner fields shared by the new-user and edit-user forms. */
export function UserRoleFields({ roles, isDirector, ownerId, owners }: {
  roles: AnyField;
  isDirector: AnyField;
  ownerId: AnyField;
  owners: { id: number; name: string }[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <fieldset className="field" aria-describedby={roles.errorId}>
        <legend>{t("users.roles")}</legend>
        {getCollectionProps(roles, { type: "checkbox", options: [...ROLES] }).map((props) => (
          <label key={props.key} className="checkbox-inline">
            <input {...props} key={undefined} /> {t(`roles.${props.value}`)}
          </label>
        ))}
        <FieldErrors id={roles.errorId} errors={roles.errors} />
      </fieldset>
      <CheckboxField meta={isDirector} label={t("users.isDirector")} />
      <SelectField meta={ownerId} label={t("users.owner")} options={[{ value: "", label: t("users.noOwner") }, ...owners.map((o) => ({ value: String(o.id), label: `${o.name} (#${o.id})` }))]} />
    </>
  );
}
