import { randomBytes } from "node:crypto";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "~db/schema";
import { sha256Hex, type JsonObject, type JsonValue } from "~/domain/audit-chain";
import { formatArea } from "~/domain/area";

/**
 * How each history row appears in the audit chain. The same function writes
 * the event and verifies the row against it, so the two cannot drift.
 * Personal data (a person's name, phones, logins, bank counterparties)
 * enters the chain only as a salted SHA-256 with the row's own salt
 * (DESIGN.md §6): erasing the person's data later breaks no hash.
 */
export function newPiiSalt(): string {
  return randomBytes(16).toString("hex");
}

export function piiDigest(salt: string, value: string): string {
  return sha256Hex(`${salt}\u0000${value}`);
}

type Row<T extends SQLiteTable> = T["$inferSelect"];

/** Every column but the bookkeeping ones; values are already integers, strings, booleans or null. */
function plain(row: object, omit: readonly string[] = []): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === "auditSeq" || key === "piiSalt" || omit.includes(key)) continue;
    out[key] = value as JsonValue;
  }
  return out;
}

const json = (text: string) => JSON.parse(text) as JsonValue;

/**
 * Columns added to a history table after it first held rows (migration 0009:
 * the decisions register) enter the view only once set, so events written
 * before them still match their rows.
 */
function addedLater(view: JsonObject, unset: Record<string, JsonValue>): JsonObject {
  for (const [key, value] of Object.entries(unset)) if (view[key] === value) delete view[key];
  return view;
}

function entry<T extends SQLiteTable>(table: T, view: (row: Row<T>) => JsonObject, key: (row: Row<T>) => string = (r) => String((r as { id: number }).id)) {
  return { table, view, key };
}

export const historyTables = {
  community: entry(schema.community, (row) => ({ ...plain(row), settings: json(row.settings) })),
  owners: entry(schema.owners, (row) => ({
    ...plain(row, ["name", "phone"]),
    // An organisation's or the developer's name is public; a person's is not.
    name: row.kind === "person" ? null : row.name,
    nameDigest: piiDigest(row.piiSalt, row.name),
    phoneDigest: piiDigest(row.piiSalt, row.phone),
  })),
  units: entry(schema.units, (row) => ({ ...plain(row, ["areaCentiM2"]), area: formatArea(row.areaCentiM2) })),
  users: entry(schema.users, (row) => ({
    ...plain(row, ["login", "displayName", "passwordHash"]),
    roles: json(row.roles),
    loginDigest: piiDigest(row.piiSalt, row.login),
    displayNameDigest: piiDigest(row.piiSalt, row.displayName),
    passwordDigest: sha256Hex(row.passwordHash),
  })),
  accounts: entry(schema.accounts, (row) => ({ ...plain(row), books: json(row.books) }), (row) => row.code),
  journal_entries: entry(schema.journalEntries, (row) => plain(row)),
  postings: entry(schema.postings, (row) => plain(row)),
  attachments: entry(schema.attachments, (row) => plain(row)),
  fee_rates: entry(schema.feeRates, (row) => plain(row)),
  bill_runs: entry(schema.billRuns, (row) => plain(row)),
  bills: entry(schema.bills, (row) => ({ ...plain(row, ["areaCentiM2"]), area: formatArea(row.areaCentiM2) })),
  payments: entry(schema.payments, (row) => plain(row)),
  payment_allocations: entry(schema.paymentAllocations, (row) => plain(row)),
  income_split_rules: entry(schema.incomeSplitRules, (row) => addedLater(plain(row), { decisionId: null })),
  income_records: entry(schema.incomeRecords, (row) => addedLater({
    ...plain(row, ["counterparty"]),
    counterparty: row.counterpartyIsPerson ? null : row.counterparty,
    counterpartyDigest: piiDigest(row.piiSalt, row.counterparty),
  }, { deductionFen: 0, deductionReason: null, deductionAttachmentId: null })),
  remuneration_rules: entry(schema.remunerationRules, (row) => plain(row)),
  remuneration_accruals: entry(schema.remunerationAccruals, (row) => plain(row)),
  bank_mappings: entry(schema.bankMappings, (row) => ({ ...plain(row), mapping: json(row.mapping) })),
  bank_imports: entry(schema.bankImports, (row) => ({ ...plain(row), mapping: json(row.mapping) })),
  // Counterparties and memos of bank lines name the people who paid.
  bank_lines: entry(schema.bankLines, (row) => ({
    ...plain(row, ["counterparty", "memo"]),
    counterpartyDigest: piiDigest(row.piiSalt, row.counterparty),
    memoDigest: piiDigest(row.piiSalt, row.memo),
  })),
  bank_matches: entry(schema.bankMatches, (row) => plain(row)),
  balance_assertions: entry(schema.balanceAssertions, (row) => plain(row)),
  // An individual supplier is a private person: name, phone, address and bank account stay out of the chain.
  // A legal representative and a contact are people too, whatever the supplier.
  suppliers: entry(schema.suppliers, (row) => ({
    ...plain(row, ["name", "legalRepresentative", "contactName", "phone", "address", "bankAccount", "idNumberMasked", "idNumberDigest"]),
    // Even the masked ID number (region, last four) stays out: only a digest under the row's salt.
    idNumberDigest: row.idNumberDigest === null ? null : piiDigest(row.piiSalt, row.idNumberDigest),
    name: row.kind === "individual" ? null : row.name,
    address: row.kind === "individual" ? null : row.address,
    bankAccount: row.kind === "individual" ? null : row.bankAccount,
    nameDigest: piiDigest(row.piiSalt, row.name),
    addressDigest: piiDigest(row.piiSalt, row.address),
    bankAccountDigest: piiDigest(row.piiSalt, row.bankAccount),
    legalRepresentativeDigest: piiDigest(row.piiSalt, row.legalRepresentative),
    contactNameDigest: piiDigest(row.piiSalt, row.contactName),
    phoneDigest: piiDigest(row.piiSalt, row.phone),
  })),
  related_parties: entry(schema.relatedParties, (row) => plain(row)),
  procurement_rules: entry(schema.procurementRules, (row) => addedLater({ ...plain(row), rules: json(row.rules) }, { decisionId: null })),
  budgets: entry(schema.budgets, (row) => addedLater(plain(row), { decisionId: null })),
  budget_lines: entry(schema.budgetLines, (row) => plain(row)),
  // The payee of a routine payment may be a person (a refunded owner).
  routine_spendings: entry(schema.routineSpendings, (row) => ({ ...plain(row, ["payee"]), payeeDigest: piiDigest(row.piiSalt, row.payee) })),
  proposals: entry(schema.proposals, (row) => addedLater({ ...plain(row), items: json(row.items) }, { decisionId: null })),
  quotes: entry(schema.quotes, (row) => ({ ...plain(row), itemAmounts: json(row.itemAmounts) })),
  selection_scores: entry(schema.selectionScores, (row) => plain(row)),
  approvals: entry(schema.approvals, (row) => ({ ...plain(row), voters: json(row.voters), excluded: json(row.excluded) })),
  votes: entry(schema.votes, (row) => plain(row)),
  acceptances: entry(schema.acceptances, (row) => plain(row)),
  spending_attachments: entry(schema.spendingAttachments, (row) => plain(row)),
  proposal_payments: entry(schema.proposalPayments, (row) => plain(row)),
  statement_drafts: entry(schema.statementDrafts, (row) => plain(row)),
  // The snapshot's bytes are covered by their SHA-256 (the statement's own hash, checked again here).
  published_statements: entry(schema.publishedStatements, (row) => ({ ...plain(row, ["snapshot"]), snapshotSha256: sha256Hex(row.snapshot) })),
  statement_board_postings: entry(schema.statementBoardPostings, (row) => plain(row)),
  statement_questions: entry(schema.statementQuestions, (row) => plain(row)),
  statement_answers: entry(schema.statementAnswers, (row) => plain(row)),
  owner_decisions: entry(schema.ownerDecisions, (row) => plain(row)),
  decision_attachments: entry(schema.decisionAttachments, (row) => plain(row)),
  ballots: entry(schema.ballots, (row) => plain(row)),
  ballot_electors: entry(schema.ballotElectors, (row) => plain(row)),
  ballot_votes: entry(schema.ballotVotes, (row) => plain(row)),
  maintenance_fund_rules: entry(schema.maintenanceFundRules, (row) => plain(row)),
  maintenance_fund_transfers: entry(schema.maintenanceFundTransfers, (row) => ({ ...plain(row), parts: json(row.parts) })),
  // The robot's secret and the webhook's token are credentials: digests only.
  notification_channels: entry(schema.notificationChannels, (row) => ({
    ...plain(row, ["webhookUrl", "secret"]),
    webhookHost: safeHost(row.webhookUrl),
    webhookUrlDigest: piiDigest(row.piiSalt, row.webhookUrl),
    secretDigest: piiDigest(row.piiSalt, row.secret),
  })),
} as const;

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

export type HistoryTable = keyof typeof historyTables;

type Views = { [K in HistoryTable]: (row: Row<(typeof historyTables)[K]["table"]>) => JsonObject };
/** `rowViews.units(row)`: a row in its chain form. */
export const rowViews = Object.fromEntries(
  Object.entries(historyTables).map(([name, def]) => [name, def.view]),
) as unknown as Views;

/** The `rows` part of an event's data: every row the change wrote, by table. */
export type EventRows = Partial<Record<HistoryTable, JsonObject[]>>;
