/**
 * Who may use each page and form: written by hand from DESIGN.md §2, never
 * generated from what the code does. test/integration/permission-matrix.test.ts
 * calls every cell over HTTP and fails on any difference, and on any route
 * file without a row here.
 *
 * The people (demo logins):
 * - `anonymous`: no session.
 * - `ownerThis`: `owner`, who owns the unit, bill or payment the URL names.
 * - `ownerOther`: `owner2`, an owner of other units.
 * - `manager`: `manager`, the property company's project manager; also the
 *   drafter of the proposal the URL names.
 * - `committee`: `committee1`, a committee member (and an owner, §2: "a
 *   committee member is also an owner").
 * - `director`: `director`, the committee's 主任 (committee and owner).
 * - `auditor`: `auditor`, hired by the owners' assembly.
 * - `admin`: `admin`, who sets the system up.
 *
 * "Allowed" means the request got past the role check (whatever it then
 * answered: a page, a 400 for the empty form, a 404 for a record in the
 * wrong state); "denied" means 403, or the login page for a visitor.
 */
export const WHO = ["anonymous", "ownerThis", "ownerOther", "manager", "committee", "director", "auditor", "admin"] as const;
export type Who = (typeof WHO)[number];

export interface MatrixRow {
  /** The route file's name without its extension, as in app/routes. */
  route: string;
  /** Who may GET the page (and its `.data`); everyone else is denied. */
  loader: readonly Who[];
  /**
   * Who may POST its form: one list, or one per `intent` where §2 gives the
   * intents of one form to different people. Absent: the route has no action.
   */
  action?: readonly Who[] | Readonly<Record<string, readonly Who[]>>;
  /**
   * Who may GET it when the community does not publish its statements openly
   * (the admin's setting): the published statements' pages then need a sign-in.
   */
  loaderWhenPrivate?: readonly Who[];
  /** The line of DESIGN.md §2 (or §6–8) the row follows. */
  why: string;
}

const EVERYONE = WHO;
const SIGNED_IN: readonly Who[] = WHO.filter((who) => who !== "anonymous");
/** People who own units: plain owners and, in the demo, the committee members. */
const OWNERS: readonly Who[] = ["ownerThis", "ownerOther", "committee", "director"];
const COMMITTEE: readonly Who[] = ["committee", "director"];
/** "see everything" (committee), "read everything" (auditor), and the manager who keeps the books. */
const BOOK_READERS: readonly Who[] = ["manager", "committee", "director", "auditor"];
const MANAGER: readonly Who[] = ["manager"];
const ADMIN: readonly Who[] = ["admin"];
const MANAGER_OR_COMMITTEE: readonly Who[] = ["manager", "committee", "director"];
const AUDIT_READERS: readonly Who[] = ["auditor", "committee", "director"];
/** Published statements kept off the open web: owners read them (§2), and the people who keep and check the books. */
const STATEMENT_READERS: readonly Who[] = [...OWNERS, "manager", "auditor"];

const admin = (route: string, hasAction: boolean): MatrixRow => ({
  route, loader: ADMIN, ...(hasAction ? { action: ADMIN } : {}),
  why: "admin: community, units, user accounts, notification settings; nobody else",
});

export const MATRIX: readonly MatrixRow[] = [
  // Public: signing in, the language, verifying a printed head, health, and the published statements.
  { route: "healthz", loader: EVERYONE, why: "a constant for monitoring; reads nothing" },
  { route: "login", loader: EVERYONE, action: EVERYONE, why: "anyone may try to sign in (rate-limited)" },
  { route: "logout", loader: EVERYONE, action: EVERYONE, why: "anyone may end their own session" },
  { route: "lang", loader: EVERYONE, action: EVERYONE, why: "the language switch is for every visitor" },
  { route: "verify", loader: EVERYONE, why: "§6: anyone can check a printed chain head" },
  { route: "statements._index", loader: EVERYONE, loaderWhenPrivate: STATEMENT_READERS, why: "§8: statements are published to all owners (public by default)" },
  { route: "statements.$publishedId", loader: EVERYONE, loaderWhenPrivate: STATEMENT_READERS, why: "§8: a published statement" },
  { route: "statements.$publishedId_.print", loader: EVERYONE, loaderWhenPrivate: STATEMENT_READERS, why: "§8: its printed notice" },
  { route: "statements.$publishedId_.download.$format", loader: EVERYONE, loaderWhenPrivate: STATEMENT_READERS, why: "§8: its CSV/XLSX" },
  { route: "statements.$publishedId_.lines.$book.$lineKey", loader: EVERYONE, loaderWhenPrivate: STATEMENT_READERS, why: "§8: the postings behind a line" },
  { route: "statements.$publishedId_.proposals.$proposalId", loader: EVERYONE, loaderWhenPrivate: STATEMENT_READERS, why: "owner: read approved spending (a statement's payments)" },

  // Every signed-in person.
  { route: "_index", loader: SIGNED_IN, why: "sends each person to their home page" },
  { route: "account.password", loader: SIGNED_IN, action: SIGNED_IN, why: "everyone changes their own password" },

  // Owners.
  { route: "me", loader: OWNERS, why: "owner: see their own bills" },
  { route: "statements.$publishedId_.ask", loader: OWNERS, action: OWNERS, why: "owner: ask questions 质询" },
  { route: "ballots._index", loader: [...OWNERS, "auditor"], why: "owner: vote in owners' ballots; auditor reads everything" },
  { route: "ballots.$ballotId", loader: [...OWNERS, "auditor"], action: { vote: OWNERS, close: COMMITTEE }, why: "owner: vote; committee: record owners' decisions" },
  { route: "decisions._index", loader: [...OWNERS, "manager", "auditor"], why: "owner: read owners' decisions" },
  { route: "decisions.$decisionId", loader: [...OWNERS, "manager", "auditor"], why: "owner: read owners' decisions" },

  // The committee.
  { route: "committee", loader: COMMITTEE, why: "the committee's own desk" },
  { route: "waiting", loader: COMMITTEE, why: "what waits for a committee member's vote" },
  { route: "ballots.new", loader: COMMITTEE, action: COMMITTEE, why: "committee: record owners' decisions (open a ballot)" },
  { route: "decisions.new", loader: COMMITTEE, action: COMMITTEE, why: "committee: record owners' decisions" },
  { route: "approvals.$approvalId", loader: BOOK_READERS, action: COMMITTEE, why: "committee: vote on proposals and budgets" },
  { route: "spending.$proposalId_.accept", loader: COMMITTEE, action: COMMITTEE, why: "committee: accept work" },
  { route: "spending.$proposalId_.score", loader: COMMITTEE, action: COMMITTEE, why: "§7: committee members score a selection 遴选" },
  { route: "spending.$proposalId_.retention", loader: COMMITTEE, action: COMMITTEE, why: "committee: accept work (release the retention)" },
  { route: "statements.$publishedId_.board", loader: COMMITTEE, action: COMMITTEE, why: "committee: publish statements (where the notice was posted)" },
  { route: "statements.$publishedId_.reopen", loader: COMMITTEE, action: COMMITTEE, why: "§5: the committee reopens a quarter with a reason" },

  // The manager: records and drafts.
  { route: "manager", loader: MANAGER, why: "the manager's own desk" },
  { route: "billing.payments.new", loader: MANAGER, action: MANAGER, why: "only a manager records payments" },
  { route: "billing.runs.new", loader: MANAGER, action: MANAGER, why: "manager: record income (bills)" },
  { route: "income.new", loader: MANAGER, action: MANAGER, why: "manager: record income" },
  { route: "ledger.new", loader: MANAGER, action: MANAGER, why: "manager: record routine spending and book" },
  { route: "bank.import", loader: MANAGER, action: MANAGER, why: "manager: book (the bank statement)" },
  { route: "budget.routine.new", loader: MANAGER, action: MANAGER, why: "manager: record routine spending" },
  { route: "suppliers.new", loader: MANAGER, action: MANAGER, why: "manager: add quotes (and their suppliers)" },
  { route: "spending.$proposalId_.edit", loader: MANAGER, action: MANAGER, why: "manager: draft proposals (the drafter edits the draft)" },
  { route: "spending.$proposalId_.quotes.new", loader: MANAGER, action: MANAGER, why: "manager: add quotes" },
  { route: "spending.$proposalId_.submit", loader: MANAGER, action: MANAGER, why: "manager: propose a supplier" },
  { route: "spending.$proposalId_.increase", loader: MANAGER, action: MANAGER, why: "§7: a payment above the approved amount needs a new approval" },
  { route: "spending.$proposalId_.pay", loader: MANAGER, action: MANAGER, why: "only a manager records payments" },

  // The books: the manager keeps them, the committee sees everything, the auditor reads everything.
  { route: "billing._index", loader: BOOK_READERS, why: "the books" },
  { route: "billing.arrears", loader: BOOK_READERS, why: "the books" },
  { route: "billing.bills.$billId", loader: BOOK_READERS, why: "the books; an owner sees their bills on /me" },
  { route: "billing.payments._index", loader: BOOK_READERS, why: "the books" },
  { route: "billing.payments.$paymentId", loader: BOOK_READERS, why: "the books; an owner sees their payments on /me" },
  { route: "billing.units.$unitId", loader: BOOK_READERS, why: "the books; an owner sees their units on /me" },
  { route: "billing.rates", loader: BOOK_READERS, action: COMMITTEE, why: "fee rates are the owners' (committee sets them)" },
  { route: "income._index", loader: BOOK_READERS, why: "the books" },
  { route: "income.splits", loader: BOOK_READERS, action: COMMITTEE, why: "§2: the split of common-parts income belongs to the owners" },
  { route: "ledger._index", loader: BOOK_READERS, why: "the books" },
  { route: "ledger.balances", loader: BOOK_READERS, why: "the books" },
  { route: "ledger.export[.]csv", loader: BOOK_READERS, why: "auditor: export the ledger" },
  { route: "ledger.entries.$entryId", loader: BOOK_READERS, action: MANAGER, why: "manager books; corrections are reversing entries" },
  { route: "bank._index", loader: BOOK_READERS, action: MANAGER, why: "manager: reconciliation is booking" },
  { route: "bank.mappings", loader: BOOK_READERS, action: MANAGER, why: "manager: booking rules for bank lines" },
  { route: "register", loader: BOOK_READERS, why: "the unit register behind the bills" },
  { route: "budget._index", loader: BOOK_READERS, why: "the budgets" },
  { route: "budget.new", loader: MANAGER_OR_COMMITTEE, action: MANAGER_OR_COMMITTEE, why: "manager: draft the annual budget; committee: the public-revenue budget" },
  { route: "budget.$budgetId", loader: BOOK_READERS, action: MANAGER_OR_COMMITTEE, why: "its drafter submits or withdraws it" },
  { route: "budget.routine._index", loader: BOOK_READERS, why: "routine spending against budget lines" },
  { route: "public-revenue", loader: BOOK_READERS, action: { rule: COMMITTEE, transfer: MANAGER }, why: "§2: the maintenance fund's share is the owners' rule; the manager books the transfer" },
  { route: "remuneration", loader: BOOK_READERS, action: { rule: COMMITTEE, accrue: MANAGER }, why: "the 酬金 rule is the contract's (committee); the manager books the accrual" },
  { route: "related-parties", loader: BOOK_READERS, action: MANAGER_OR_COMMITTEE, why: "§7: relations are declared by the company and by members (回避)" },
  { route: "suppliers._index", loader: BOOK_READERS, why: "suppliers that quoted" },
  { route: "suppliers.$supplierId", loader: BOOK_READERS, action: { update: MANAGER, deactivate: MANAGER_OR_COMMITTEE, reactivate: MANAGER_OR_COMMITTEE }, why: "manager keeps supplier records; the committee may stop using one" },
  { route: "spending._index", loader: BOOK_READERS, why: "proposals in every state" },
  { route: "spending.new", loader: MANAGER_OR_COMMITTEE, action: MANAGER_OR_COMMITTEE, why: "manager drafts proposals; the committee drafts public-revenue ones" },
  { route: "spending.$proposalId", loader: BOOK_READERS, action: MANAGER_OR_COMMITTEE, why: "the drafter moves the proposal through quoting" },
  { route: "spending.rules", loader: BOOK_READERS, action: COMMITTEE, why: "§2: procurement tiers belong to the owners (a committee vote)" },
  { route: "questions._index", loader: BOOK_READERS, why: "the questions to answer" },
  { route: "questions.$questionId", loader: BOOK_READERS, action: MANAGER_OR_COMMITTEE, why: "manager answers on the co-managed account, committee on the public-revenue one" },
  { route: "statements.drafts._index", loader: BOOK_READERS, action: MANAGER, why: "manager: draft statements" },
  {
    route: "statements.drafts.$draftId", loader: BOOK_READERS,
    action: { workReport: MANAGER, approve: ["director"], publish: COMMITTEE },
    why: "manager drafts the work report; the committee approves (the director signs) and publishes",
  },
  { route: "attachments.$attachmentId", loader: BOOK_READERS, why: "evidence files behind the books (a board photo follows its statement)" },

  // The audit trail.
  { route: "auditor", loader: AUDIT_READERS, action: AUDIT_READERS, why: "auditor: read everything and verify; committee: see everything" },
  { route: "auditor.trail", loader: AUDIT_READERS, why: "auditor: the trail" },
  { route: "auditor.exports", loader: AUDIT_READERS, why: "auditor: export the trail, ledger and statements" },
  { route: "auditor.export.$kind.$format", loader: AUDIT_READERS, why: "auditor: export" },
  { route: "auditor.bundle", loader: AUDIT_READERS, why: "auditor: export everything at once" },
  { route: "account-changes", loader: [...AUDIT_READERS, "admin"], why: "§2: account changes are listed for the committee and auditors" },

  // The admin.
  admin("admin._index", false),
  admin("admin.community", true),
  admin("admin.import", true),
  admin("admin.notifications._index", true),
  admin("admin.notifications.$channelId", true),
  admin("admin.owners._index", false),
  admin("admin.owners.new", true),
  admin("admin.owners.$ownerId", true),
  admin("admin.units._index", false),
  admin("admin.units.new", true),
  admin("admin.units.$unitId", true),
  admin("admin.users._index", false),
  admin("admin.users.new", true),
  admin("admin.users.$userId", true),
];
