import type { ColumnDef } from "@tanstack/react-table";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/DataTable";
import { formatArea } from "~/domain/area";
import { formatDateTime } from "~/domain/datetime";

export interface IndividualBallotView {
  ownerId: number;
  ownerName: string;
  units: string;
  choice: "agree" | "disagree" | "abstain";
  areaCentiM2: number;
  castAt: string;
}

/** Who voted how: for the committee and auditors only (the loader sends it to nobody else). */
export function IndividualBallots({ rows }: { rows: IndividualBallotView[] }) {
  const { t, i18n } = useTranslation();
  const columns: ColumnDef<IndividualBallotView, unknown>[] = [
    { header: t("ballots.individualColumns.units"), accessorKey: "units" },
    { header: t("ballots.individualColumns.owner"), accessorKey: "ownerName" },
    { header: t("ballots.individualColumns.choice"), id: "choice", cell: ({ row }) => t(`ballots.choices.${row.original.choice}`) },
    { header: t("ballots.individualColumns.area"), id: "area", cell: ({ row }) => formatArea(row.original.areaCentiM2) },
    { header: t("ballots.individualColumns.castAt"), id: "castAt", cell: ({ row }) => formatDateTime(row.original.castAt, i18n.language) },
  ];
  return (
    <section id="individual-ballots">
      <h2>{t("ballots.detail.individual")}</h2>
      {rows.length === 0 ? <p>{t("ballots.detail.individualEmpty")}</p> : <DataTable data={rows} columns={columns} />}
    </section>
  );
}
