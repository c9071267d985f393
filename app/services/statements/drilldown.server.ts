import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { proposals } from "~db/schema";
import { shanghaiDate } from "~/domain/calendar";
import { BOOKS, type Book } from "~/domain/ledger/chart";
import { maskedSupplierName } from "~/domain/statements/compute";
import type { StatementPayment } from "~/domain/statements/snapshot";
import { acceptanceOf } from "../spending/acceptance.server";
import { paymentsOf } from "../spending/proposal-payments.server";
import { quotesWithSuppliers } from "../spending/selection.server";
import { getPublished } from "./published.server";

/**
 * The drill-down of a published statement: a line's payments as the
 * snapshot froze them, and the owners' read-only view of a proposal paid in
 * it (live data, since the proposal goes on after the quarter). Individual
 * suppliers' names are masked (张*); no owner's data is read at all.
 */
export interface ProposalTotal {
  proposalId: number;
  title: string;
  totalFen: number;
}

export interface LineDrilldown {
  publishedId: number;
  period: string;
  revision: number;
  latest: boolean;
  book: Book;
  lineKey: string;
  lineFen: number; // the line's amount in the snapshot
  payments: StatementPayment[];
  byProposal: ProposalTotal[];
  routineFen: number; // paid on the line as routine spending
}

export function isBook(value: string): value is Book {
  return (BOOKS as readonly string[]).includes(value);
}

/** A spending line of a published revision with its payments, or null when the revision or the line is not there. */
export function lineDrilldown(db: Db | Tx, publishedId: number, book: string, lineKey: string): LineDrilldown | null {
  const found = getPublished(db, publishedId);
  if (!found || !isBook(book)) return null;
  const statement = found.snapshot.figures.books[book];
  const line = statement.spending.find((l) => l.key === lineKey);
  const payments = statement.payments.filter((p) => p.lineKey === lineKey);
  if (!line && payments.length === 0) return null;
  const totals = new Map<number, ProposalTotal>();
  for (const p of payments) {
    if (p.source !== "proposal" || p.proposalId === null) continue;
    const total = totals.get(p.proposalId) ?? { proposalId: p.proposalId, title: p.proposalTitle ?? `#${p.proposalId}`, totalFen: 0 };
    total.totalFen += p.amountFen;
    totals.set(p.proposalId, total);
  }
  return {
    publishedId, period: found.row.period, revision: found.row.revision, latest: found.latest, book, lineKey,
    lineFen: line?.amountFen ?? 0, payments, byProposal: [...totals.values()],
    routineFen: payments.filter((p) => p.source === "routine").reduce((sum, p) => sum + p.amountFen, 0),
  };
}

export interface OwnerProposalView {
  publishedId: number;
  period: string;
  id: number;
  title: string;
  book: Book;
  kind: string;
  reason: string;
  method: "direct" | "comparison" | "selection" | "selection_owners" | null;
  approvedFen: number | null;
  approvedOn: string | null;
  decisionRef: string | null;
  supplier: string | null;
  quotes: { id: number; supplier: string; amountFen: number; lowest: boolean; selected: boolean }[];
  acceptance: { acceptedOn: string; notes: string } | null;
  payments: { id: number; paidOn: string; stage: "advance" | "balance" | "retention"; amountFen: number }[];
}

/** The owners' view of a proposal paid in a published revision; null when the revision does not list it. */
export function proposalForOwners(db: Db | Tx, publishedId: number, proposalId: number): OwnerProposalView | null {
  const found = getPublished(db, publishedId);
  if (!found) return null;
  const listed = BOOKS.some((book) => found.snapshot.figures.books[book].payments.some((p) => p.proposalId === proposalId));
  if (!listed) return null;
  const proposal = db.select().from(proposals).where(eq(proposals.id, proposalId)).get();
  if (!proposal) return null;
  const quoteRows = quotesWithSuppliers(db, proposalId);
  const lowestFen = quoteRows.length > 0 ? Math.min(...quoteRows.map((r) => r.quote.amountFen)) : null;
  const selected = quoteRows.find((r) => r.quote.id === proposal.selectedQuoteId);
  const acceptance = acceptanceOf(db, proposalId)?.acceptance ?? null;
  return {
    publishedId, period: found.row.period,
    id: proposal.id, title: proposal.title, book: proposal.book, kind: proposal.kind, reason: proposal.reason, method: proposal.method,
    approvedFen: proposal.approvedFen, approvedOn: proposal.approvedAt ? shanghaiDate(new Date(proposal.approvedAt)) : null,
    decisionRef: proposal.decisionRef,
    supplier: selected ? maskedSupplierName(selected.supplier.kind, selected.supplier.name) : null,
    quotes: quoteRows.map((r) => ({
      id: r.quote.id, supplier: maskedSupplierName(r.supplier.kind, r.supplier.name), amountFen: r.quote.amountFen,
      lowest: r.quote.amountFen === lowestFen, selected: r.quote.id === proposal.selectedQuoteId,
    })),
    acceptance: acceptance ? { acceptedOn: acceptance.acceptedOn, notes: acceptance.notes } : null,
    payments: paymentsOf(db, proposalId).map((p) => ({ id: p.id, paidOn: p.paidOn, stage: p.stage, amountFen: p.amountFen })),
  };
}
