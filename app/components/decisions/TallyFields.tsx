import { getInputProps } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, type AnyField } from "~/components/form";
import { TALLY_SIDES } from "~/domain/decisions/decision-forms";

/** The agree / disagree / abstain rows of the recording form: area in m² and heads for each. */
export function TallyFields({ fields }: { fields: Record<string, AnyField> }) {
  const { t } = useTranslation();
  return (
    <fieldset className="tallies">
      <legend>{t("decisions.detail.tallies")}</legend>
      <p className="hint">{t("decisions.hints.tallies")}</p>
      <table>
        <thead>
          <tr><th scope="col"></th><th scope="col">{t("decisions.fields.area")}</th><th scope="col">{t("decisions.fields.owners")}</th></tr>
        </thead>
        <tbody>
          {TALLY_SIDES.map((side) => {
            const area = fields[`${side}Area`]!;
            const owners = fields[`${side}Owners`]!;
            return (
              <tr key={side}>
                <th scope="row">{t(`decisions.fields.${side}`)}</th>
                <td>
                  <input {...getInputProps(area, { type: "text" })} inputMode="decimal" aria-label={`${t(`decisions.fields.${side}`)} ${t("decisions.fields.area")}`} />
                  <FieldErrors id={area.errorId} errors={area.errors} />
                </td>
                <td>
                  <input {...getInputProps(owners, { type: "text" })} inputMode="numeric" aria-label={`${t(`decisions.fields.${side}`)} ${t("decisions.fields.owners")}`} />
                  <FieldErrors id={owners.errorId} errors={owners.errors} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}
