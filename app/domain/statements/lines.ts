/**
 * How the bank's money becomes the lines of a cash statement (DESIGN.md §8).
 * Every entry that moves a book's bank account (1002) is read through its
 * other postings in that book, netted per account within the entry (so the
 * supplier payable 2202 of a proposal payment, credited and debited in the
 * same entry, disappears): a credit brings money in, a debit takes it out.
 * Which line it lands on depends on the account, and for prepaid fees 2203
 * on the direction (fees received in advance in; refunds out).
 */
import { ACCOUNT, accountDef, PUBLIC_REVENUE_SPENDING_CODES, SERVICE_SPENDING_CODES } from "../ledger/chart";
import { NAMED_LINES } from "./snapshot";

export type Section = "income" | "spending";

const SPENDING_CODES: readonly string[] = [...SERVICE_SPENDING_CODES, ...PUBLIC_REVENUE_SPENDING_CODES];

/**
 * The section and line of a counter-posting of a bank movement. `netFen` is
 * the account's net amount within the entry (debit positive). The line's
 * amount is what it adds to its section: −netFen for income, netFen for
 * spending (a reversed receipt is a negative income line, not spending).
 */
export function cashLineOf(accountCode: string, netFen: number): { section: Section; key: string } {
  if (accountCode === ACCOUNT.feeReceivable) return { section: "income", key: NAMED_LINES.fees };
  if (accountCode === ACCOUNT.prepaidFees) {
    return netFen < 0 ? { section: "income", key: NAMED_LINES.feesPrepaid } : { section: "spending", key: NAMED_LINES.refunds };
  }
  if (accountCode === ACCOUNT.payableCompany || accountCode === ACCOUNT.remuneration) return { section: "spending", key: NAMED_LINES.remuneration };
  if (SPENDING_CODES.includes(accountCode) || accountCode === ACCOUNT.payableSuppliers) return { section: "spending", key: accountCode === ACCOUNT.payableSuppliers ? NAMED_LINES.otherOut : accountCode };
  if (accountDef(accountCode)?.type === "income") return { section: "income", key: accountCode };
  return netFen < 0 ? { section: "income", key: NAMED_LINES.otherIn } : { section: "spending", key: NAMED_LINES.otherOut };
}

/** The cash line a budget kind is compared with: 6701 (酬金) → remuneration, 2203 → refunds, a spending code → itself. */
export function budgetLineKey(kind: string): string {
  if (kind === ACCOUNT.remuneration) return NAMED_LINES.remuneration;
  if (kind === ACCOUNT.prepaidFees) return NAMED_LINES.refunds;
  return kind;
}

const NAMED_LABELS: Record<string, { zh: string; en: string }> = {
  [NAMED_LINES.fees]: { zh: "物业服务费（收回应收）", en: "Service fees received on bills" },
  [NAMED_LINES.feesPrepaid]: { zh: "预收物业服务费", en: "Service fees received in advance" },
  [NAMED_LINES.remuneration]: { zh: "物业公司酬金", en: "Remuneration of the property company" },
  [NAMED_LINES.refunds]: { zh: "退还预收物业费", en: "Refunds of prepaid fees" },
  [NAMED_LINES.otherIn]: { zh: "其他转入", en: "Other money in" },
  [NAMED_LINES.otherOut]: { zh: "其他转出", en: "Other money out" },
};

/** A line's name in the statement: the chart's name for an account code, our own for the named lines. */
export function lineLabel(key: string, lang: "zh-CN" | "en"): string {
  const named = NAMED_LABELS[key];
  if (named) return lang === "en" ? named.en : named.zh;
  const def = accountDef(key);
  if (def) return lang === "en" ? def.nameEn : def.nameZh;
  return key;
}

/** Lines in a stable order: named income lines first, then account codes, named spending lines last. */
const ORDER = [NAMED_LINES.fees, NAMED_LINES.feesPrepaid];
export function compareLineKeys(a: string, b: string): number {
  const rank = (k: string) => (ORDER.includes(k as never) ? ORDER.indexOf(k as never) : /^\d+$/.test(k) ? 10 : k === NAMED_LINES.remuneration ? 20 : 30);
  return rank(a) - rank(b) || a.localeCompare(b);
}
