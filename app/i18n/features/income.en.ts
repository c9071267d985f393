import type { Strings } from "../strings";
import type { incomeZh } from "./income.zh-CN";

export const incomeEn: Strings<typeof incomeZh> = {
  title: "Other income",
  new: "Record income",
  list: "Income records",
  kinds: { decoration: "Decoration management fee", advertising: "Advertising", parking: "Parking fee share", venue: "Venue rental", interest: "Interest", other: "Other income" },
  fields: {
    kind: "Kind", receivedOn: "Received on", amount: "Amount (yuan)", book: "Account", counterparty: "Paid by",
    counterpartyIsPerson: "Paid by a private person (only a digest enters the audit chain)", reference: "Contract or receipt number",
    permitRef: "Renovation permit number", memo: "Memo", attachment: "Evidence (PDF, JPEG or PNG, at most 10 MB)",
    cogoverned: "Co-managed account", publicRevenue: "Public-revenue account", splitRule: "Split rule", evidence: "Evidence",
  },
  hints: {
    book: "Only for interest and other income; decoration fees go to the co-managed account, advertising, parking and venue income is split by the rule.",
    permitRef: "Required for decoration fees.",
  },
  chooseBook: "(choose)",
  filters: { all: "All", from: "From", to: "To" },
  totals: "Total: {{count}} records, {{amount}}; co-managed {{cogoverned}}, public revenue {{publicRevenue}}.",
  none: "Nothing recorded yet.",
  download: "Download",
  splits: {
    title: "Public-revenue split rules",
    intro: "How advertising, parking and venue income splits between the co-managed and the public-revenue account is the owners' decision; a new rule applies from its date.",
    kind: "Kind", percent: "Public-revenue share (%)", percentHint: "0–100, at most two decimals.", effectiveFrom: "Effective from",
    decisionRef: "Owners' decision reference", inForce: "In force", set: "Record a new rule", share: "{{percent}}%",
  },
  remuneration: {
    title: "Remuneration of the property company",
    rules: "Remuneration rules", newRule: "Set the remuneration rule", method: "Method", fixed: "Fixed sum per month", percent: "Percentage of service fees received in the month",
    fixedAmount: "Sum per month (yuan)", percentField: "Percentage (%)", effectiveFrom: "Effective from (YYYY-MM)", contractRef: "Service contract reference",
    ruleFixed: "{{amount}} per month", rulePercent: "service fees received × {{percent}}%", setBy: "Set by",
    accruals: "Accruals", accrue: "Accrue remuneration", month: "Month (YYYY-MM)", amount: "Remuneration",
    computationFixed: "fixed sum {{amount}}", computationPercent: "base {{base}} × {{percent}}% = {{amount}}",
    surplus: "Surplus or deficit belongs to all owners", period: "Period", periodHint: "a year (2026), quarter (2026-Q1) or month (2026-03)", show: "Compute",
    income: "Income", spending: "Service spending", remunerationLine: "Remuneration", result: "Surplus (deficit)", surplusText: "A surplus of {{amount}} belongs to all owners",
    deficitText: "A deficit of {{amount}} is borne by all owners", range: "{{from}} to {{to}}",
  },
  errors: {
    kind: "Choose the kind of income.", date: "Write the date as YYYY-MM-DD.", month: "Write the month as YYYY-MM.",
    amountPositive: "The amount must be more than 0.", counterpartyRequired: "Who paid?", referenceRequired: "Give the contract or receipt number.",
    permitRequired: "Decoration fees need the renovation permit number.", bookRequired: "Choose the account.",
    decisionRequired: "A split rule must cite the owners' decision.", splitRuleExists: "This kind already has a split rule from that date.",
    noSplitRule: "No split rule is in force on the day received: the committee must first record the owners' split rule.",
    percentInvalid: "The percentage must be a number, such as 60 or 60.5.", percentDecimals: "At most two decimals.", percentRange: "The percentage must be between 0 and 100.",
    contractRequired: "Give the service contract reference.", method: "Choose the method.", remunerationRuleExists: "A remuneration rule already starts in that month.",
    alreadyAccrued: "This month's remuneration has already been accrued.", noRemunerationRule: "No remuneration rule is in force in that month: the committee must set one first.",
    nothingToAccrue: "This month's remuneration is 0: nothing to accrue.",
    attachmentEmpty: "The file is empty.", attachmentTooLarge: "The file must be at most 10 MB.",
    attachmentType: "Only PDF, JPEG or PNG files (judged by their content).", period: "The period is not valid.",
  },
};
