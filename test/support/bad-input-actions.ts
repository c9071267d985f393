import { z } from "zod";
import { getDb } from "~/services/db.server";
import { communityFormSchema } from "~/domain/community-settings";
import { changePasswordFormSchema, createUserFormSchema, loginFormSchema, resetPasswordFormSchema, updateUserFormSchema } from "~/domain/users";
import { channelFormSchema, outboxActionSchema } from "~/domain/notifications/channels";
import { ownerFormSchema, unitFormSchema } from "~/domain/register";
import { acceptanceFormSchema, increaseFormSchema, paymentFormSchema as proposalPaymentFormSchema, retentionFormSchema, voteFormSchema } from "~/domain/spending/decision-forms";
import { ballotActionSchema, openBallotFormSchema } from "~/domain/decisions/ballot-forms";
import { assertionFormSchema, bookSchema, importFormSchema, matchFormSchema, saveMappingFormSchema, unmatchFormSchema } from "~/domain/bank/mapping";
import { paymentFormSchema, rateFormSchema, runFormSchema } from "~/domain/billing/forms";
import { budgetActionFormSchema, budgetDraftFormSchema } from "~/domain/spending/budget-forms";
import { routineFormSchema } from "~/domain/spending/routine-forms";
import { decisionFormSchema } from "~/domain/decisions/decision-forms";
import { incomeFormSchema, splitRuleFormSchema, remunerationRuleFormSchema, accrueFormSchema } from "~/domain/income/forms";
import { LOCALES } from "~/i18n/locales";
import { reverseFormSchema, voucherFormSchema } from "~/domain/ledger/voucher-form";
import { fundRuleFormSchema, fundTransferFormSchema } from "~/domain/income/maintenance-fund-forms";
import { answerFormSchema, askFormSchema } from "~/domain/statements/question-forms";
import { declareRelationFormSchema, endRelationFormSchema, supplierFormSchema, supplierReasonFormSchema, supplierUpdateFormSchema } from "~/domain/spending/supplier-forms";
import { proposalFormSchema, proposalIntentSchema, quoteFormSchema, scoreFormSchema, submitFormSchema } from "~/domain/spending/proposal-forms";
import { rulesFormSchema } from "~/domain/spending/rules-forms";
import { boardPostingFormSchema, draftActionFormSchema, newDraftFormSchema, reopenFormSchema } from "~/domain/statements/publishing-forms";
import type { ParseMode } from "./bad-input";

/**
 * Every action of app/routes, as bad-input.test.ts sends it: the route
 * module, a URL naming a real record of the demo community, the person
 * (demo login; null for a visitor) the permission matrix allows — the first
 * of manager, committee1, director, admin, owner, auditor — and the schema
 * the route parses with. A route that reads its `intent` itself has one row
 * per intent; so has a form whose fields depend on a discriminator.
 */
export interface ActionSpec {
  route: string;
  path: string;
  params?: Record<string, string>;
  who: string | null;
  schema?: z.ZodType;
  mode?: ParseMode;
  /** Sent as is unless poisoned: a schema's own intent or discriminator. */
  fixed?: Record<string, string>;
  /** The intent a route reads with formData.get before choosing a schema. */
  routeIntent?: { value: string; options: readonly string[] };
  /** File fields the route reads beside its schema (readUpload). */
  files?: string[];
}

/** Ids of demo records in the state each action expects, read from this file's copy of the demo. */
function ids() {
  const sqlite = getDb().$client;
  const one = (sql: string): string => {
    const row = sqlite.prepare(sql).get() as { id: number } | undefined;
    if (!row) throw new Error(`the demo community has no row for: ${sql}`);
    return String(row.id);
  };
  const byStatus = (status: string) => one(`SELECT min(id) AS id FROM proposals WHERE status = '${status}' HAVING id IS NOT NULL`);
  return {
    draft: byStatus("draft"), quoting: byStatus("quoting"), selecting: byStatus("selecting"), approved: byStatus("approved"), paid: byStatus("paid"),
    approval: one("SELECT min(id) AS id FROM approvals WHERE status = 'open' HAVING id IS NOT NULL"),
    ballot: one("SELECT min(id) AS id FROM ballots WHERE status = 'open' HAVING id IS NOT NULL"),
    budget: one("SELECT max(id) AS id FROM budgets HAVING id IS NOT NULL"),
    entry: one("SELECT max(id) AS id FROM journal_entries HAVING id IS NOT NULL"),
    published: one("SELECT max(id) AS id FROM published_statements HAVING id IS NOT NULL"),
    draftStatement: one("SELECT max(id) AS id FROM statement_drafts HAVING id IS NOT NULL"),
    question: one("SELECT min(id) AS id FROM statement_questions HAVING id IS NOT NULL"),
    supplier: one("SELECT min(id) AS id FROM suppliers HAVING id IS NOT NULL"),
    owner: one("SELECT min(id) AS id FROM owners HAVING id IS NOT NULL"),
    unit: one("SELECT min(id) AS id FROM units HAVING id IS NOT NULL"),
    user: one("SELECT id FROM users WHERE login = 'yz057'"),
  };
}

const BANK_INTENTS = ["auto_match", "match", "unmatch", "assert"] as const;
const BANK_IMPORT_INTENTS = ["upload", "import", "save_mapping"] as const;
const USER_INTENTS = ["update", "reset", "disable", "enable"] as const;
const intent = (value: string, options: readonly string[]) => ({ value, options });

export function actionSpecs(): ActionSpec[] {
  const id = ids();
  const proposal = (suffix: string, proposalId: string, who: string, schema: z.ZodType, more: Partial<ActionSpec> = {}): ActionSpec => ({
    route: `spending.$proposalId${suffix ? `_.${suffix}` : ""}`, path: `/spending/${proposalId}${suffix ? `/${suffix.replace(".", "/")}` : ""}`,
    params: { proposalId }, who, schema, ...more,
  });
  const statement = (suffix: string, schema: z.ZodType): ActionSpec => ({
    route: `statements.$publishedId_.${suffix}`, path: `/statements/${id.published}/${suffix}`, params: { publishedId: id.published }, who: suffix === "ask" ? "committee1" : "committee1", schema,
  });
  return [
    { route: "account.password", path: "/account/password", who: "manager", schema: changePasswordFormSchema },
    { route: "admin.community", path: "/admin/community", who: "admin", schema: communityFormSchema },
    { route: "admin.import", path: "/admin/import", who: "admin", schema: z.object({ file: z.instanceof(File) }), mode: "plain" },
    { route: "admin.notifications.$channelId", path: "/admin/notifications/1", params: { channelId: "1" }, who: "admin", schema: channelFormSchema },
    { route: "admin.notifications._index", path: "/admin/notifications", who: "admin", schema: outboxActionSchema },
    { route: "admin.owners.$ownerId", path: `/admin/owners/${id.owner}`, params: { ownerId: id.owner }, who: "admin", schema: ownerFormSchema },
    { route: "admin.owners.new", path: "/admin/owners/new", who: "admin", schema: ownerFormSchema },
    { route: "admin.units.$unitId", path: `/admin/units/${id.unit}`, params: { unitId: id.unit }, who: "admin", schema: unitFormSchema },
    { route: "admin.units.new", path: "/admin/units/new", who: "admin", schema: unitFormSchema },
    ...USER_INTENTS.map((value): ActionSpec => ({
      route: "admin.users.$userId", path: `/admin/users/${id.user}`, params: { userId: id.user }, who: "admin", routeIntent: intent(value, USER_INTENTS),
      ...(value === "update" ? { schema: updateUserFormSchema } : value === "reset" ? { schema: resetPasswordFormSchema } : {}),
    })),
    { route: "admin.users.new", path: "/admin/users/new", who: "admin", schema: createUserFormSchema },
    { route: "approvals.$approvalId", path: `/approvals/${id.approval}`, params: { approvalId: id.approval }, who: "committee1", schema: voteFormSchema },
    // Verification takes no input: whatever the form holds, it must write nothing.
    { route: "auditor", path: "/auditor", who: "committee1" },
    ...["vote", "close"].map((value): ActionSpec => ({ route: "ballots.$ballotId", path: `/ballots/${id.ballot}`, params: { ballotId: id.ballot }, who: "committee1", schema: ballotActionSchema, fixed: { intent: value } })),
    { route: "ballots.new", path: "/ballots/new", who: "committee1", schema: openBallotFormSchema },
    ...BANK_INTENTS.map((value): ActionSpec => ({
      route: "bank._index", path: "/bank", who: "manager", routeIntent: intent(value, BANK_INTENTS),
      schema: value === "auto_match" ? z.object({ book: bookSchema }) : value === "match" ? matchFormSchema : value === "unmatch" ? unmatchFormSchema : assertionFormSchema,
    })),
    ...BANK_IMPORT_INTENTS.map((value): ActionSpec => ({
      route: "bank.import", path: "/bank/import", who: "manager", routeIntent: intent(value, BANK_IMPORT_INTENTS),
      schema: value === "upload" ? z.object({ statement: z.instanceof(File) }) : value === "import" ? importFormSchema : saveMappingFormSchema,
    })),
    { route: "bank.mappings", path: "/bank/mappings", who: "manager", schema: saveMappingFormSchema },
    { route: "billing.payments.new", path: "/billing/payments/new", who: "manager", schema: paymentFormSchema },
    { route: "billing.rates", path: "/billing/rates", who: "committee1", schema: rateFormSchema },
    { route: "billing.runs.new", path: "/billing/runs/new", who: "manager", schema: runFormSchema },
    { route: "budget.$budgetId", path: `/budget/${id.budget}`, params: { budgetId: id.budget }, who: "manager", schema: budgetActionFormSchema },
    { route: "budget.new", path: "/budget/new", who: "manager", schema: budgetDraftFormSchema },
    { route: "budget.routine.new", path: "/budget/routine/new", who: "manager", schema: routineFormSchema, files: ["voucher"] },
    { route: "decisions.new", path: "/decisions/new", who: "committee1", schema: decisionFormSchema, files: ["minutes", "ballots"] },
    { route: "income.new", path: "/income/new", who: "manager", schema: incomeFormSchema, files: ["attachment", "deductionEvidence"] },
    { route: "income.splits", path: "/income/splits", who: "committee1", schema: splitRuleFormSchema },
    { route: "lang", path: "/lang", who: "manager", schema: z.object({ locale: z.enum(LOCALES), redirectTo: z.string().max(500).optional() }), mode: "plain" },
    { route: "ledger.entries.$entryId", path: `/ledger/entries/${id.entry}`, params: { entryId: id.entry }, who: "manager", schema: reverseFormSchema },
    { route: "ledger.new", path: "/ledger/new", who: "manager", schema: voucherFormSchema },
    // Signing in and out are a visitor's: signed in, any POST to /logout ends the session, by design.
    { route: "login", path: "/login", who: null, schema: loginFormSchema },
    { route: "logout", path: "/logout", who: null },
    { route: "public-revenue", path: "/public-revenue", who: "committee1", routeIntent: intent("rule", ["rule", "transfer"]), schema: fundRuleFormSchema },
    { route: "public-revenue", path: "/public-revenue", who: "manager", routeIntent: intent("transfer", ["rule", "transfer"]), schema: fundTransferFormSchema },
    { route: "questions.$questionId", path: `/questions/${id.question}`, params: { questionId: id.question }, who: "manager", schema: answerFormSchema },
    { route: "related-parties", path: "/related-parties", who: "manager", routeIntent: intent("declare", ["declare", "end"]), schema: declareRelationFormSchema },
    { route: "related-parties", path: "/related-parties", who: "manager", routeIntent: intent("end", ["declare", "end"]), schema: endRelationFormSchema },
    ...["fixed", "percent"].map((method): ActionSpec => ({ route: "remuneration", path: "/remuneration", who: "committee1", routeIntent: intent("rule", ["rule", "accrue"]), schema: remunerationRuleFormSchema, fixed: { method } })),
    { route: "remuneration", path: "/remuneration", who: "manager", routeIntent: intent("accrue", ["rule", "accrue"]), schema: accrueFormSchema },
    proposal("", id.draft, "manager", z.object({ intent: z.literal("attach") }), { fixed: { intent: "attach" }, files: ["files"] }),
    ...["openQuoting", "closeQuoting", "reopenQuoting", "withdraw"].map((value) => proposal("", id.draft, "manager", proposalIntentSchema, { fixed: { intent: value } })),
    proposal("accept", id.approved, "committee1", acceptanceFormSchema, { files: ["photos"] }),
    proposal("edit", id.draft, "manager", proposalFormSchema),
    proposal("increase", id.approved, "manager", increaseFormSchema),
    proposal("pay", id.approved, "manager", proposalPaymentFormSchema),
    proposal("quotes.new", id.quoting, "manager", quoteFormSchema, { files: ["attachment"] }),
    proposal("retention", id.paid, "committee1", retentionFormSchema),
    proposal("score", id.selecting, "committee1", scoreFormSchema),
    proposal("submit", id.selecting, "manager", submitFormSchema),
    { route: "spending.new", path: "/spending/new", who: "manager", schema: proposalFormSchema },
    { route: "spending.rules", path: "/spending/rules", who: "committee1", schema: rulesFormSchema },
    statement("ask", askFormSchema),
    statement("board", boardPostingFormSchema),
    statement("reopen", reopenFormSchema),
    ...[["workReport", "manager"], ["approve", "director"], ["publish", "committee1"]].map(([value, who]): ActionSpec => ({
      route: "statements.drafts.$draftId", path: `/statements/drafts/${id.draftStatement}`, params: { draftId: id.draftStatement }, who: who!, schema: draftActionFormSchema, fixed: { intent: value! },
    })),
    { route: "statements.drafts._index", path: "/statements/drafts", who: "manager", schema: newDraftFormSchema },
    ...(["update", "deactivate", "reactivate"] as const).map((value): ActionSpec => ({
      route: "suppliers.$supplierId", path: `/suppliers/${id.supplier}`, params: { supplierId: id.supplier }, who: "manager",
      routeIntent: intent(value, ["update", "deactivate", "reactivate"]), schema: value === "update" ? supplierUpdateFormSchema : supplierReasonFormSchema,
    })),
    { route: "suppliers.new", path: "/suppliers/new", who: "manager", schema: supplierFormSchema },
  ];
}
