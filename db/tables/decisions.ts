import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { owners, users } from "./core";
import { attachments, journalEntries } from "./ledger";

/**
 * The register of owners' decisions 业主共同决定 (民法典 art. 278). A decision
 * is recorded once, with the tallies it was taken on and the register's
 * totals at the time; validity and outcome come from
 * app/domain/decisions/outcome.ts. Append-only: a later decision supersedes,
 * nothing edits one. `matter` is the item (1–9) of art. 278; items 6–8 are
 * the special ones. Areas are hundredths of m².
 */
export const ownerDecisions = sqliteTable("owner_decisions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  year: integer("year").notNull(),
  serial: integer("serial").notNull(), // 2026 年第 n 号
  title: text("title").notNull(),
  matter: integer("matter").notNull(),
  text: text("text").notNull(),
  source: text("source", { enum: ["meeting", "ballot"] }).notNull(),
  ballotId: integer("ballot_id"),
  heldFrom: text("held_from").notNull(), // YYYY-MM-DD
  heldUntil: text("held_until").notNull(),
  announcedOn: text("announced_on").notNull(), // starts the one-year window of SPC interpretation art. 12
  totalAreaCentiM2: integer("total_area_centi_m2").notNull(),
  totalOwners: integer("total_owners").notNull(),
  participatingAreaCentiM2: integer("participating_area_centi_m2").notNull(),
  participatingOwners: integer("participating_owners").notNull(),
  agreeAreaCentiM2: integer("agree_area_centi_m2").notNull(),
  agreeOwners: integer("agree_owners").notNull(),
  disagreeAreaCentiM2: integer("disagree_area_centi_m2").notNull(),
  disagreeOwners: integer("disagree_owners").notNull(),
  abstainAreaCentiM2: integer("abstain_area_centi_m2").notNull(),
  abstainOwners: integer("abstain_owners").notNull(),
  outcome: text("outcome", { enum: ["passed", "failed", "no_quorum"] }).notNull(),
  // What it authorises to be spent from the public-revenue account, if it is a spending decision.
  authorisedFen: integer("authorised_fen"),
  recordedBy: text("recorded_by").notNull(),
  recordedAt: text("recorded_at").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  uniqueIndex("owner_decisions_number_idx").on(t.year, t.serial),
  uniqueIndex("owner_decisions_ballot_idx").on(t.ballotId),
  check("owner_decisions_matter", sql`${t.matter} BETWEEN 1 AND 9`),
  check("owner_decisions_authorised", sql`${t.authorisedFen} IS NULL OR ${t.authorisedFen} > 0`),
]);

/** Minutes, counted paper ballots and other evidence of a decision. Append-only. */
export const decisionAttachments = sqliteTable("decision_attachments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  decisionId: integer("decision_id").notNull().references(() => ownerDecisions.id),
  attachmentId: integer("attachment_id").notNull().references(() => attachments.id),
  kind: text("kind", { enum: ["minutes", "ballots", "other"] }).notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("decision_attachments_decision_idx").on(t.decisionId)]);

/**
 * An online ballot 表决 on one matter, opened by the committee with a
 * deadline (an instant, RFC 3339 UTC). The electors and their areas are
 * fixed when it opens (ballot_electors); closing it writes the decision.
 */
export const ballots = sqliteTable("ballots", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  title: text("title").notNull(),
  matter: integer("matter").notNull(),
  text: text("text").notNull(),
  authorisedFen: integer("authorised_fen"),
  openedAt: text("opened_at").notNull(),
  deadline: text("deadline").notNull(),
  totalAreaCentiM2: integer("total_area_centi_m2").notNull(),
  totalOwners: integer("total_owners").notNull(),
  status: text("status", { enum: ["open", "closed"] }).notNull(),
  openedBy: integer("opened_by").notNull().references(() => users.id),
  closedBy: integer("closed_by").references(() => users.id),
  closedAt: text("closed_at"),
  decisionId: integer("decision_id"),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  index("ballots_status_idx").on(t.status),
  check("ballots_matter", sql`${t.matter} BETWEEN 1 AND 9`),
  check("ballots_authorised", sql`${t.authorisedFen} IS NULL OR ${t.authorisedFen} > 0`),
]);

/** Who may vote in a ballot and with what area: one row per owner (SPC interpretation art. 9), fixed at opening. */
export const ballotElectors = sqliteTable("ballot_electors", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  ballotId: integer("ballot_id").notNull().references(() => ballots.id),
  ownerId: integer("owner_id").notNull().references(() => owners.id),
  areaCentiM2: integer("area_centi_m2").notNull(),
  unitCount: integer("unit_count").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [uniqueIndex("ballot_electors_once_idx").on(t.ballotId, t.ownerId)]);

/** One owner's vote, cast once by a user who holds that owner (append-only). */
export const ballotVotes = sqliteTable("ballot_votes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  ballotId: integer("ballot_id").notNull().references(() => ballots.id),
  ownerId: integer("owner_id").notNull().references(() => owners.id),
  userId: integer("user_id").notNull().references(() => users.id),
  choice: text("choice", { enum: ["agree", "disagree", "abstain"] }).notNull(),
  areaCentiM2: integer("area_centi_m2").notNull(),
  castAt: text("cast_at").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [uniqueIndex("ballot_votes_once_idx").on(t.ballotId, t.ownerId)]);

/**
 * The share of public revenue that goes to the special maintenance fund
 * (住宅专项维修资金管理办法 art. 25), from a date on, and the owners' decision
 * that set it. With no row, all of it goes to the fund.
 */
export const maintenanceFundRules = sqliteTable("maintenance_fund_rules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  percent: text("percent").notNull(), // "60.00"
  decisionId: integer("decision_id").notNull().references(() => ownerDecisions.id),
  effectiveFrom: text("effective_from").notNull(), // YYYY-MM-DD
  setBy: text("set_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [uniqueIndex("maintenance_fund_rules_from_idx").on(t.effectiveFrom)]);

/** The fund's share of one quarter's public revenue, computed and booked once (Dr 6801 / Cr 1002). Append-only. */
export const maintenanceFundTransfers = sqliteTable("maintenance_fund_transfers", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  period: text("period").notNull().unique(), // "2026Q3"
  baseFen: integer("base_fen").notNull(), // public revenue received in the quarter, net of evidenced deductions
  shareFen: integer("share_fen").notNull(),
  // Earlier quarters' outstanding differences (income corrected after they were booked) this transfer also pays;
  // negative when income was corrected down. The entry's amount is shareFen + catchUpFen, never below 0.
  catchUpFen: integer("catch_up_fen").notNull().default(0),
  // JSON array of {ruleId|null, percent, baseFen, shareFen}: one part per rule in force during the quarter.
  parts: text("parts").notNull(),
  paidOn: text("paid_on").notNull(),
  bankReference: text("bank_reference").notNull(),
  entryId: integer("entry_id").references(() => journalEntries.id), // null when the share is 0
  recordedBy: text("recorded_by").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [check("maintenance_fund_transfers_share", sql`${t.shareFen} >= 0`)]);
