import type { Strings } from "../strings";
import type { publicRevenueZh } from "./publicRevenue.zh-CN";

export const publicRevenueEn: Strings<typeof publicRevenueZh> = {
  title: "Public-revenue account rules",
  intro: "Public revenue belongs to all owners (Civil Code art. 282) and goes mainly to the special maintenance fund unless the owners decided otherwise (maintenance fund measures art. 25). After each quarter the share the owners decided is computed and transferred.",
  decisions: "Owners' decisions",
  balance: "Public-revenue bank balance on {{date}}: {{amount}}",
  rules: {
    title: "Share transferred to the maintenance fund",
    inForce: "In force: {{percent}}% (from {{from}}).",
    noneInForce: "No owners' decision sets the share yet: all public revenue goes to the maintenance fund.",
    floor: "This community's minimum: {{floor}}%.",
    percent: "Share (%)", percentHint: "0–100, at most two decimals, not below {{floor}}%.",
    effectiveFrom: "Effective from", decision: "Owners' decision cited", chooseDecision: "(choose a passed decision)",
    set: "Record a new share",
  },
  quarters: {
    title: "Due to the maintenance fund each quarter",
    hint: "The base is the income the public-revenue account received in the quarter (interest included), net of evidenced deductions; each day's rule applies, rounded half-up to the fen.",
    none: "No ended quarter has public revenue yet.",
    period: "Quarter", base: "Base", percent: "Share", share: "Due", booked: "Transfer",
    paidOn: "Paid on", bankReference: "Bank reference", book: "Book the transfer", entry: "Journal entry", notBooked: "Not booked",
    difference: "Difference after corrections",
    differenceHint: "When public revenue dated in a booked quarter is recorded later (a correction after the quarter was reopened), the share recomputed from today's income minus the share transferred shows as the difference. A booked transfer is never changed: the difference is transferred with the next quarter's transfer (or deducted from it when too much was paid), since corrections go into the open period.",
    recomputed: "Recomputed from today's income: {{amount}}",
    catchUp: "Includes {{amount}} for earlier quarters' corrections",
    catchUpDue: "Corrections to transfer with the next quarter's transfer: {{amount}} in all.",
  },
  floor: {
    label: "Minimum share of public revenue for the maintenance fund (%)",
    hint: "Some cities require at least 50 %; an owners' share below it cannot be recorded.",
  },
  errors: {
    decisionRequired: "Choose the owners' decision it rests on.",
    belowFloor: "{{percent}}% is below this community's minimum of {{floor}}%.",
    ruleExists: "A share already starts on that date.",
    floorInvalid: "The minimum must be a number from 0 to 100 with at most two decimals.",
    period: "Write the quarter as 2026Q3.",
    bankReferenceRequired: "Give the bank reference.",
    notEnded: "{{period}} has not ended: the transfer cannot be dated before {{end}}.",
    alreadyBooked: "The transfer of {{period}} is already booked.",
    earlierUnbooked: "Book {{period}} first: quarters are booked in order.",
  },
};
