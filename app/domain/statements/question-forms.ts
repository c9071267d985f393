/**
 * Owners' questions 质询 (issue 5): the form schemas (the browser imports
 * them; messages are i18n keys) and the key scheme of the statement lines a
 * question can be about.
 *
 * A question names its book (column `book`) and, optionally, a line of that
 * book's part of the snapshot (column `lineKey`), keyed `<section>.<key>`:
 *   income.<cash line key>     e.g. "income.fees", "income.6003"
 *   spending.<cash line key>   e.g. "spending.6601", "spending.remuneration"
 *   owed.<what>                arrears | prepaid | approvedUnpaid | remunerationPayable (always there)
 *   budget.<budget kind>       e.g. "budget.6601", "budget.6701" (a row of the book's budget vs actual)
 *   payments                   the book's list of payments (when it has any)
 *   collection                 the collection rates 收缴率 (co-managed book only)
 * A line exists only if the snapshot has it: a question cannot be about a
 * line the statement does not show.
 */
import { z } from "zod";
import { BOOKS, type Book } from "../ledger/chart";
import { budgetLineKey, lineLabel } from "./lines";
import type { StatementFigures } from "./snapshot";

export const QUESTION_MIN = 5;
export const QUESTION_MAX = 2000;
export const ANSWER_MIN = 2;
export const ANSWER_MAX = 5000;

export const OWED_KEYS = ["arrears", "prepaid", "approvedUnpaid", "remunerationPayable"] as const;
export type OwedKey = (typeof OWED_KEYS)[number];

export interface QuestionLine {
  key: string;
  book: Book;
  label: string;
}

/** Every line of a snapshot's figures a question may name, in the statement's order. */
export function questionLineKeys(figures: StatementFigures): { key: string; book: Book }[] {
  const out: { key: string; book: Book }[] = [];
  for (const book of BOOKS) {
    const s = figures.books[book];
    for (const line of s.income) out.push({ book, key: `income.${line.key}` });
    for (const line of s.spending) out.push({ book, key: `spending.${line.key}` });
    for (const what of OWED_KEYS) out.push({ book, key: `owed.${what}` });
    for (const row of s.budget.rows) out.push({ book, key: `budget.${row.kind}` });
    if (s.payments.length > 0) out.push({ book, key: "payments" });
    if (book === "cogoverned" && figures.collection.length > 0) out.push({ book, key: "collection" });
  }
  return out;
}

/** Whether `key` names a line of `book` in these figures. */
export function isQuestionLine(figures: StatementFigures, book: Book, key: string): boolean {
  return questionLineKeys(figures).some((line) => line.book === book && line.key === key);
}

const SECTION_LABELS = {
  income: { zh: "收入", en: "Income" },
  spending: { zh: "支出", en: "Spending" },
  budget: { zh: "预算执行", en: "Budget vs actual" },
  owed: { zh: "期末应收应付", en: "Owed at the end" },
} as const;

const OWED_LABELS: Record<OwedKey, { zh: string; en: string }> = {
  arrears: { zh: "欠缴物业费", en: "Fee arrears" },
  prepaid: { zh: "预收物业费", en: "Fees paid in advance" },
  approvedUnpaid: { zh: "已批准未支付的支出", en: "Approved spending not yet paid" },
  remunerationPayable: { zh: "应付酬金", en: "Remuneration payable" },
};

const WHOLE_LABELS: Record<string, { zh: string; en: string }> = {
  payments: { zh: "支付明细", en: "Payments" },
  collection: { zh: "收缴率", en: "Collection rates" },
};

/** A line key's name for people: "支出：公共部位维修" / "Spending: …". Unknown keys are shown as they are. */
export function questionLineLabel(key: string, lang: "zh-CN" | "en"): string {
  const pick = (l: { zh: string; en: string }) => (lang === "en" ? l.en : l.zh);
  const whole = WHOLE_LABELS[key];
  if (whole) return pick(whole);
  const dot = key.indexOf(".");
  const section = key.slice(0, dot) as keyof typeof SECTION_LABELS;
  const rest = key.slice(dot + 1);
  if (dot < 0 || !(section in SECTION_LABELS)) return key;
  const name = section === "owed" ? (OWED_LABELS[rest as OwedKey] ? pick(OWED_LABELS[rest as OwedKey]) : rest)
    : lineLabel(section === "budget" ? budgetLineKey(rest) : rest, lang);
  return `${pick(SECTION_LABELS[section])}${lang === "en" ? ": " : "："}${name}`;
}

/** The lines of a statement with their labels, for the ask form's select. */
export function questionLines(figures: StatementFigures, lang: "zh-CN" | "en"): QuestionLine[] {
  return questionLineKeys(figures).map((line) => ({ ...line, label: questionLineLabel(line.key, lang) }));
}

/** A question as the statement page shows it: never who asked (`mine` for the asker). */
export interface QuestionView {
  id: number;
  publishedId: number;
  period: string;
  book: Book;
  lineKey: string | null;
  text: string;
  askedOn: string;
  dueOn: string;
  mine: boolean;
  answer: { text: string; answeredOn: string; byRole: "manager" | "committee" } | null;
  overdue: boolean;
}

export const askFormSchema = z.object({
  book: z.enum(BOOKS, { error: "questions.errors.book" }),
  // An empty select means "the statement as a whole".
  lineKey: z.string().trim().max(100, { error: "questions.errors.unknownLine" }).optional(),
  text: z.string({ error: "questions.errors.textLength" }).trim()
    .min(QUESTION_MIN, { error: "questions.errors.textLength" }).max(QUESTION_MAX, { error: "questions.errors.textLength" }),
});
export type AskForm = z.infer<typeof askFormSchema>;

export const answerFormSchema = z.object({
  text: z.string({ error: "questions.errors.answerLength" }).trim()
    .min(ANSWER_MIN, { error: "questions.errors.answerLength" }).max(ANSWER_MAX, { error: "questions.errors.answerLength" }),
});
export type AnswerForm = z.infer<typeof answerFormSchema>;

export const QUESTION_STATES = ["open", "overdue", "answered"] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];

/** The /questions filters; bad values fall back to "all". */
export const questionFilterSchema = z.object({
  state: z.enum(QUESTION_STATES).optional().catch(undefined),
  book: z.enum(BOOKS).optional().catch(undefined),
});
export type QuestionFilter = z.infer<typeof questionFilterSchema>;
