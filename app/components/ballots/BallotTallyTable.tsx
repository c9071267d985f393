import { useTranslation } from "react-i18next";
import { formatArea } from "~/domain/area";
import { percentOf } from "~/domain/decisions/ballot-tally";
import type { Count, RegisterTotals, Tallies, Verdict } from "~/domain/decisions/outcome";

/**
 * The live count as a plain table with CSS bars (reads without JavaScript):
 * participation against the 2/3 quorum of the register, and each choice as a
 * share of the participating area and heads against the approval threshold.
 * Whether each threshold is met comes from the verdict, not the percentages.
 */
function Bar({ percent }: { percent: string }) {
  return (
    <span className="bar" aria-hidden="true" style={{ display: "inline-block", width: "6em", height: "0.7em", background: "#e5e7eb", marginLeft: "0.4em" }}>
      <span style={{ display: "block", height: "100%", width: `${percent}%`, background: "#2563eb" }} />
    </span>
  );
}

function Figure({ part, whole, area }: { part: number; whole: number; area: boolean }) {
  const { t } = useTranslation();
  const percent = percentOf(part, whole);
  const value = area ? `${formatArea(part)} m²` : String(part);
  return <>{t("ballots.table.figure", { value, percent })}<Bar percent={percent} /></>;
}

export function BallotTallyTable({ totals, tallies, verdict }: { totals: RegisterTotals; tallies: Tallies; verdict: Verdict }) {
  const { t } = useTranslation();
  const p: Count = verdict.participating;
  const met = (ok: boolean) => <strong className={ok ? "ok" : "not-met"}>{ok ? t("ballots.table.yes") : t("ballots.table.no")}</strong>;
  const need = verdict.special ? t("ballots.table.specialNeed") : t("ballots.table.ordinaryNeed");
  return (
    <table className="data-table ballot-tallies">
      <thead>
        <tr>
          <th scope="col">{t("ballots.table.row")}</th><th scope="col">{t("ballots.table.area")}</th><th scope="col">{t("ballots.table.owners")}</th>
          <th scope="col">{t("ballots.table.need")}</th><th scope="col">{t("ballots.table.met")}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">{t("ballots.table.participation")}</th>
          <td><Figure part={p.areaCentiM2} whole={totals.areaCentiM2} area /></td>
          <td><Figure part={p.owners} whole={totals.owners} area={false} /></td>
          <td>{t("ballots.table.quorumNeed")}</td>
          <td>{met(verdict.quorumArea)} / {met(verdict.quorumOwners)}</td>
        </tr>
        <tr>
          <th scope="row">{t("ballots.table.agree")}</th>
          <td><Figure part={tallies.agree.areaCentiM2} whole={p.areaCentiM2} area /></td>
          <td><Figure part={tallies.agree.owners} whole={p.owners} area={false} /></td>
          <td>{need}</td>
          <td>{met(verdict.approvalArea)} / {met(verdict.approvalOwners)}</td>
        </tr>
        {(["disagree", "abstain"] as const).map((c) => (
          <tr key={c}>
            <th scope="row">{t(`ballots.table.${c}`)}</th>
            <td><Figure part={tallies[c].areaCentiM2} whole={p.areaCentiM2} area /></td>
            <td><Figure part={tallies[c].owners} whole={p.owners} area={false} /></td>
            <td /><td />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
