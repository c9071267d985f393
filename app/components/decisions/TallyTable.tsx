import { useTranslation } from "react-i18next";
import { formatArea } from "~/domain/area";

interface Line {
  key: "agree" | "disagree" | "abstain" | "participating" | "absent";
  count: { areaCentiM2: number; owners: number };
  ofParticipating: { area: string; owners: string };
  ofTotal: { area: string; owners: string };
}

const pct = (v: string) => (v === "—" ? v : `${v}%`);

/** Area and heads for each side, with their shares of the participating and of the register. */
export function TallyTable({ lines }: { lines: Line[] }) {
  const { t } = useTranslation();
  return (
    <table className="data-table tallies">
      <thead>
        <tr>
          <th scope="col"></th>
          <th scope="col">{t("decisions.detail.area")}</th>
          <th scope="col">{t("decisions.detail.owners")}</th>
          <th scope="col">{t("decisions.detail.ofParticipating")}</th>
          <th scope="col">{t("decisions.detail.ofTotal")}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.key} className={l.key === "participating" ? "total" : undefined}>
            <th scope="row">{t(`decisions.detail.lines.${l.key}`)}</th>
            <td className="number">{formatArea(l.count.areaCentiM2)}</td>
            <td className="number">{l.count.owners}</td>
            <td className="number">{pct(l.ofParticipating.area)} / {pct(l.ofParticipating.owners)}</td>
            <td className="number">{pct(l.ofTotal.area)} / {pct(l.ofTotal.owners)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
