import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "~db/connection";
import { incomeSplitRules } from "~db/schema";
import { DomainError } from "~/domain/errors";
import { isIsoDate } from "~/domain/ledger/entries";
import { SPLIT_KINDS, type SplitKind } from "~/domain/income/kinds";
import { parsePercent } from "~/domain/income/percent";
import { ruleInForce } from "~/domain/income/split";
import { decisionLabel } from "~/domain/decisions/matters";
import type { Actor } from "../audit.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { requireCitableDecision } from "../decisions/usage.server";

export type SplitRuleRow = typeof incomeSplitRules.$inferSelect;

export interface SplitRuleInput {
  kind: SplitKind;
  publicRevenuePercent: string; // "60", "60.5", "60.25"
  effectiveFrom: string; // YYYY-MM-DD
  decisionId: number; // the passed owners' decision that set it
}

/**
 * The committee records how common-parts income of a kind splits between
 * the two books from a date on, citing the owners' decision (DESIGN.md §1).
 * A change is a new rule; the old one keeps applying before its date.
 */
export function setSplitRule(db: Db, input: SplitRuleInput, actor: Actor) {
  if (!(SPLIT_KINDS as readonly string[]).includes(input.kind)) throw new DomainError("income.errors.kind", { field: "kind" });
  const percent = parsePercent(input.publicRevenuePercent);
  if (!percent.ok) throw new DomainError(percent.error, { field: "publicRevenuePercent" });
  if (!isIsoDate(input.effectiveFrom)) throw new DomainError("income.errors.date", { field: "effectiveFrom" });
  if (!Number.isSafeInteger(input.decisionId) || input.decisionId <= 0) throw new DomainError("income.errors.decisionRequired", { field: "decisionId" });
  return auditedWrite(db, { actor, action: "income.split_rule_set" }, (tx, seq) => {
    // The split belongs to the owners (民法典 art. 278): it cites a decision of the register that passed.
    const decision = requireCitableDecision(tx, input.decisionId);
    const clash = tx.select({ id: incomeSplitRules.id }).from(incomeSplitRules)
      .where(and(eq(incomeSplitRules.kind, input.kind), eq(incomeSplitRules.effectiveFrom, input.effectiveFrom))).get();
    if (clash) throw new DomainError("income.errors.splitRuleExists", { field: "effectiveFrom", status: 409 });
    const rule = tx.insert(incomeSplitRules)
      .values({
        kind: input.kind, publicRevenuePercent: percent.value, decisionRef: decisionLabel(decision), decisionId: decision.id,
        effectiveFrom: input.effectiveFrom, auditSeq: seq,
      })
      .returning().get();
    return {
      result: { rule }, subject: `split_rule:${rule.id}`, rows: { income_split_rules: [rowViews.income_split_rules(rule)] },
      extra: { decisionId: decision.id },
    };
  });
}

export function listSplitRules(db: Db): SplitRuleRow[] {
  return db.select().from(incomeSplitRules).orderBy(asc(incomeSplitRules.kind), desc(incomeSplitRules.effectiveFrom)).all();
}

/** The rule of each split kind in force on a date (null where none is). */
export function splitRulesInForce(db: Db, onDate: string): Record<SplitKind, SplitRuleRow | null> {
  const rules = listSplitRules(db);
  return Object.fromEntries(SPLIT_KINDS.map((kind) => [kind, ruleInForce(rules, kind, onDate)])) as Record<SplitKind, SplitRuleRow | null>;
}
