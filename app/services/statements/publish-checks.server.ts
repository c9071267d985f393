import { and, asc, eq, lte } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { balanceAssertions, statementDrafts } from "~db/schema";
import { ACCOUNT, BOOK_NAMES_ZH, BOOKS } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { quarterOrderProblem, type PublishProblem } from "~/domain/statements/publishing";
import { nextPeriod, parsePeriod, previousPeriod, quartersOf, type StatementFigures, type StatementPeriod, type StatementSnapshot } from "~/domain/statements/snapshot";
import { unmatchedLines } from "../bank/matching.server";
import { accountBalanceFen } from "../ledger/entries.server";
import type { DraftRow } from "./drafts.server";
import { latestPublished } from "./published.server";

const MAX_LISTED_LINES = 5;

const problem = (name: string, params?: Record<string, string | number>): PublishProblem =>
  (params ? { code: `publishing.errors.${name}`, params } : { code: `publishing.errors.${name}` });

function snapshotOf(text: string): StatementSnapshot {
  return JSON.parse(text) as StatementSnapshot;
}

/** Bank statement lines dated up to the period's end that no entry matches, one problem per book. */
function unmatchedProblems(db: Db | Tx, period: StatementPeriod): PublishProblem[] {
  return BOOKS.flatMap((book) => {
    const lines = unmatchedLines(db, book).filter((l) => l.txnDate <= period.endDate);
    if (lines.length === 0) return [];
    const listed = lines.slice(0, MAX_LISTED_LINES).map((l) => `${l.txnDate} ${formatFen(l.amountFen)}`).join("；");
    return [problem("unmatchedBankLines", { book: BOOK_NAMES_ZH[book], bookKey: book, count: lines.length, lines: listed })];
  });
}

/** Balance assertions dated up to the period's end where the ledger disagrees with the bank. */
function assertionProblems(db: Db | Tx, period: StatementPeriod): PublishProblem[] {
  const rows = db.select().from(balanceAssertions).where(lte(balanceAssertions.asOf, period.endDate))
    .orderBy(asc(balanceAssertions.asOf), asc(balanceAssertions.id)).all();
  return rows.flatMap((a) => {
    const ledgerFen = accountBalanceFen(db, a.book, ACCOUNT.bank, a.asOf);
    if (ledgerFen === a.expectedFen) return [];
    return [problem("assertionFails", {
      book: BOOK_NAMES_ZH[a.book], bookKey: a.book, asOf: a.asOf, bank: formatFen(a.expectedFen), ledger: formatFen(ledgerFen), difference: formatFen(a.expectedFen - ledgerFen),
    })];
  });
}

/** Quarters in order; a year's four quarters closed (their latest revision published). */
function orderProblems(db: Db | Tx, period: StatementPeriod): PublishProblem[] {
  if (period.kind === "year") {
    const open = quartersOf(period).filter((q) => {
      const latest = db.select({ status: statementDrafts.status }).from(statementDrafts).where(eq(statementDrafts.period, q))
        .orderBy(asc(statementDrafts.revision)).all().at(-1);
      return latest?.status !== "published";
    });
    return open.length > 0 ? [problem("yearNeedsQuarters", { period: period.label, missing: open.join("、") })] : [];
  }
  const published = new Set(db.selectDistinct({ period: statementDrafts.period }).from(statementDrafts)
    .where(and(eq(statementDrafts.status, "published"))).all().map((r) => r.period));
  const found = quarterOrderProblem(period.label, published);
  return found ? [found] : [];
}

/** Opening = the previous period's latest closing; for a correction, closing = the next published period's opening. */
function chainProblems(db: Db | Tx, draft: DraftRow, figures: StatementFigures): PublishProblem[] {
  const out: PublishProblem[] = [];
  const previous = latestPublished(db, previousPeriod(draft.period));
  if (previous) {
    const before = snapshotOf(previous.snapshot).figures.books;
    for (const book of BOOKS) {
      if (figures.books[book].openingFen !== before[book].closingFen) {
        out.push(problem("openingDiffers", {
          book: BOOK_NAMES_ZH[book], bookKey: book, opening: formatFen(figures.books[book].openingFen), previous: previous.period,
          previousRevision: previous.revision, previousClosing: formatFen(before[book].closingFen),
        }));
      }
    }
  }
  const next = draft.revision > 1 ? latestPublished(db, nextPeriod(draft.period)) : null;
  if (next) {
    const after = snapshotOf(next.snapshot).figures.books;
    for (const book of BOOKS) {
      if (figures.books[book].closingFen !== after[book].openingFen) {
        out.push(problem("closingDiffers", {
          book: BOOK_NAMES_ZH[book], bookKey: book, closing: formatFen(figures.books[book].closingFen), next: next.period,
          nextRevision: next.revision, nextOpening: formatFen(after[book].openingFen),
        }));
      }
    }
  }
  return out;
}

/**
 * Everything that blocks publishing this draft now, in the order a person
 * fixes them ([] when none). The posting window is checked with the window
 * (postingWindowProblems). `figures` are the period's figures now.
 */
export function draftProblems(db: Db | Tx, draft: DraftRow, figures: StatementFigures): PublishProblem[] {
  const period = parsePeriod(draft.period)!;
  const out: PublishProblem[] = [];
  if (draft.status === "published") return [problem("alreadyPublished", { period: draft.period, revision: draft.revision })];
  if (draft.status !== "approved") out.push(problem("notApproved"));
  if (draft.workReport.trim() === "") out.push(problem("workReportMissing"));
  out.push(...unmatchedProblems(db, period), ...assertionProblems(db, period), ...orderProblems(db, period), ...chainProblems(db, draft, figures));
  return out;
}
