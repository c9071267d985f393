import { bankEn } from "./features/bank.en";
import { billingEn } from "./features/billing.en";
import { incomeEn } from "./features/income.en";
import { ledgerEn } from "./features/ledger.en";
import { suppliersEn } from "./features/suppliers.en";
import { notificationsEn } from "./features/notifications.en";
import { budgetEn } from "./features/budget.en";
import { spendingEn } from "./features/spending.en";
import { approvalsEn } from "./features/approvals.en";
import { timelineEn } from "./features/timeline.en";
import { verifyEn } from "./features/verify.en";
import { exportsEn } from "./features/exports.en";
import { trailEn } from "./features/trail.en";
import { statementAdminEn } from "./features/statementAdmin.en";
import { statementPrintEn } from "./features/statementPrint.en";
import { questionsEn } from "./features/questions.en";
import { publishingEn } from "./features/publishing.en";
import { statementsEn } from "./features/statements.en";
import { decisionsEn } from "./features/decisions.en";
import { ballotsEn } from "./features/ballots.en";
import { publicRevenueEn } from "./features/publicRevenue.en";
import type { Catalog } from "./zh-CN";

const en: Catalog = {
  ledger: ledgerEn,
  billing: billingEn,
  income: incomeEn,
  bank: bankEn,
  suppliers: suppliersEn,
  notifications: notificationsEn,
  budget: budgetEn,
  spending: spendingEn,
  approvals: approvalsEn,
  timeline: timelineEn,
  verify: verifyEn,
  exports: exportsEn,
  trail: trailEn,
  statementAdmin: statementAdminEn,
  statementPrint: statementPrintEn,
  questions: questionsEn,
  publishing: publishingEn,
  statements: statementsEn,
  decisions: decisionsEn,
  ballots: ballotsEn,
  publicRevenue: publicRevenueEn,
  app: { name: "Mingzhang", skip: "Skip to content" },
  nav: {
    label: "Main navigation", admin: "Administration", ledger: "Ledger", balances: "Balances", billing: "Fees", income: "Other income", remuneration: "Remuneration", bank: "Bank reconciliation", units: "Units", owners: "Owners", users: "Users", import: "Import unit register",
    manager: "Manager desk", register: "Unit register", committee: "Committee", accountChanges: "Account changes", auditor: "Audit", me: "My units",
    spending: "Spending proposals", budget: "Budget and routine spending", suppliers: "Suppliers", waiting: "Waiting for my vote", notifications: "Notifications", statements: "Statements", statementDrafts: "Prepare statements", questions: "Owners' questions", decisions: "Owners' decisions", ballots: "Owners' ballots", publicRevenue: "Public revenue and maintenance fund",
  },
  actions: { save: "Save", create: "Create", search: "Search" },
  auth: {
    title: "Sign in", login: "Login", password: "Password", submit: "Sign in", logout: "Sign out",
    badCredentials: "Wrong login or password.",
    rateLimited: "Too many failed attempts. Try again in {{minutes}} minutes.",
  },
  account: {
    passwordTitle: "Change password", mustChange: "Your password was reset by the administrator. Please choose a new one first.",
    current: "Current password", new: "New password", confirm: "New password again", rule: "At least {{min}} characters.", save: "Change password",
  },
  admin: {
    title: "Administration", noCommunity: "The community is not set up yet.", setUpCommunity: "Set up the community", editCommunity: "Edit the community",
    register: "Unit register", counts: "{{users}} users, {{owners}} owners.", unitCount: "Units", totalArea: "Exclusive area (m²)",
  },
  community: {
    name: "Community name", address: "Address", billingPeriod: "Fee billing period", postingMinDays: "Minimum posting days",
    postingHint: "At least {{min}} days.",
  },
  billingPeriods: { monthly: "Monthly", quarterly: "Quarterly" },
  units: {
    title: "Units", new: "New unit", edit: "Edit unit {{name}}", building: "Building", number: "Unit", area: "Exclusive area (m²)",
    areaHint: "Up to two decimals, e.g. 89.37", kind: "Kind", owner: "Owner",
  },
  unitKinds: { residential: "Residential", commercial: "Commercial", developer_unsold: "Developer, unsold", developer_undelivered: "Developer, sold but undelivered" },
  owners: {
    title: "Owners", new: "New owner", edit: "Edit owner {{name}}", kind: "Owner kind", name: "Name", phone: "Phone",
    unitCount: "Units", units: "Units held",
  },
  ownerKinds: { person: "Person", organisation: "Organisation", developer: "Developer" },
  users: {
    title: "Users", new: "New user", edit: "User {{name}}", login: "Login", loginHint: "3–40 lowercase letters, digits, dots, underscores or hyphens.",
    displayName: "Display name", initialPassword: "Initial password (must be changed at first sign-in)", roles: "Roles", isDirector: "Committee director",
    director: "Director", owner: "Owner record", noOwner: "(none)", status: "Status", active: "Active", disabled: "Disabled",
    mustChange: "Must change password", resetTitle: "Reset password", tempPassword: "Temporary password", reset: "Reset password",
    resetHint: "At least {{min}} characters; the user must set a new one at next sign-in, and all their sessions end.",
    statusTitle: "Account status", disable: "Disable account", enable: "Enable account",
  },
  roles: { admin: "Admin", manager: "Manager", committee: "Committee member", owner: "Owner", auditor: "Auditor" },
  import: {
    title: "Import unit register", file: "CSV file",
    explain: "The first line names the columns: building, unit, area, kind, owner, phone, and optionally owner_kind. If any line is wrong, nothing is imported and every bad line is listed with its reason.",
    submit: "Import", done: "Imported {{units}} units and {{owners}} new owners.", refused: "Nothing was imported: {{count}} problems.",
    line: "Line", column: "Column", reason: "Reason",
    noFile: "Choose a CSV file.", tooLarge: "The file is too large (5 MB at most).", empty: "The file is empty.", noRows: "The file has column names but no rows.",
    missingColumn: "This column is missing.", tooManyRows: "Too many rows (20,000 at most).", columnCount: "This line has a different number of columns than the header.",
    duplicateUnit: "The same unit appears more than once in the file.",
  },
  changes: {
    title: "Account changes", explain: "Every account the admin creates, every role change, password reset and disabling is recorded in the audit chain.",
    at: "Time", by: "By", action: "Change", account: "Account", roles: "Roles",
  },
  actionNames: {
    "user.create": "Account created", "user.update": "Account/roles changed", "user.password_reset": "Password reset", "user.disable": "Account disabled", "user.enable": "Account enabled",
  },
  committee: { title: "Owners' committee", members: "Members", recent: "{{count}} recent" },
  manager: { title: "Manager desk" },
  register: { title: "Unit register", summary: "{{buildings}} buildings, {{owners}} owners, {{area}} m² exclusive area in all.", allBuildings: "All buildings" },
  me: { title: "My units", noOwner: "Your account is not linked to an owner record yet; please ask the administrator.", units: "Units held", totalArea: "Exclusive area in all" },
  audit: {
    title: "Audit chain", events: "Events", head: "Head", verify: "Verify now", cli: "On the server you can also run",
    intact: "Intact: {{events}} events and {{rows}} history rows match the chain (head seq {{seq}}).",
    broken: "Not intact: first problem at seq {{seq}}: {{detail}}",
  },
  errors: {
    unexpected: "Something went wrong", forbiddenTitle: "Not allowed", notFoundTitle: "Not found", backHome: "Back to the start page",
    forbidden: "Your role may not open this page or do this.", crossOrigin: "The request did not come from this site's pages and was refused.", badForm: "The form could not be read (a broken upload?); nothing was changed. Please send it again.", notFound: "No such record.",
    required: "Required.", tooLong: "Too long.", invalid: "Not in the right format.", integer: "Enter a whole number.",
    billingPeriod: "Choose a billing period.", postingMinDays: "The posting window must be between 15 and 366 days.",
    login: "A login is 3–40 lowercase letters, digits, dots, underscores or hyphens.", loginTaken: "This login is taken.",
    passwordTooShort: "A password has at least 10 characters.", passwordMismatch: "The two new passwords differ.", passwordUnchanged: "The new password must differ from the current one.",
    currentPasswordWrong: "The current password is wrong.", role: "Unknown role.", rolesRequired: "Choose at least one role.",
    directorNeedsCommittee: "The director must be a committee member.", ownerNeedsRecord: "The owner role needs an owner record.", oneDirector: "There is already a director; remove that flag first.",
    keepOwnAdmin: "You cannot remove your own admin role.", cannotDisableSelf: "You cannot disable your own account.",
    ownerKind: "Choose the owner kind (person, organisation or developer).", ownerRequired: "Choose an owner.", unitKind: "The kind must be residential, commercial, developer unsold or developer undelivered.",
    phone: "Not a valid phone number (11-digit mobile or landline with area code).", unitExists: "This building already has a unit with this number.",
    developerUnitOwner: "Unsold and undelivered units belong to the developer, and the developer holds only those.",
    oneDeveloper: "There can be only one developer owner.", communityExists: "The community is already set up.", noCommunity: "The community is not set up yet.",
    area: {
      empty: "Enter the area.", invalid: "The area must be a number such as 89.37.", too_many_decimals: "The area has at most two decimals.",
      not_positive: "The area must be above 0.", too_large: "The area is too large.",
    },
    money: {
      empty: "Enter an amount.", invalid: "Not an amount, e.g. 1,234.56.", too_many_decimals: "An amount has at most two decimals (fen).",
      negative: "The amount cannot be negative.", too_large: "The amount is too large.",
    },
  },
};

export default en;
