/**
 * Owners' questions 质询 on published statements, and their answers (issue 5).
 * An owner of a unit of this community asks on the latest revision of a
 * period, about one book and optionally one of its lines; the managers answer
 * the co-managed book, the committee the public-revenue book, within the
 * community's answerDueDays. The asker is never shown to anyone: a question
 * reads "业主", and `mine` for the asker.
 * Events: statement.ask / statement.answer, subject statement:<period>.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { statementAnswers, statementQuestions, units } from "~db/schema";
import { addDays, daysBetween, shanghaiDate } from "~/domain/calendar";
import { DomainError } from "~/domain/errors";
import { BOOK_NAMES_ZH, BOOKS, type Book } from "~/domain/ledger/chart";
import type { Role } from "~/domain/roles";
import { hasAnyRole } from "~/domain/roles";
import { periodTitleZh } from "~/domain/statements/publishing";
import {
  ANSWER_MAX, ANSWER_MIN, isQuestionLine, QUESTION_MAX, QUESTION_MIN, questionLineLabel, type QuestionFilter, type QuestionState, type QuestionView,
} from "~/domain/statements/question-forms";
import type { SessionUser } from "../auth.server";
import { rowViews } from "../audit-rows.server";
import { auditedWrite } from "../audited-write.server";
import { requireCommunity } from "../community.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { getPublished, latestPublished } from "./published.server";

type Asker = Pick<SessionUser, "id" | "roles" | "ownerId">;
type QuestionRow = typeof statementQuestions.$inferSelect;
type AnswerRow = typeof statementAnswers.$inferSelect;

export type { QuestionView };

/** The role that answers a book's questions. */
export function answeringRole(book: Book): "manager" | "committee" {
  return book === "cogoverned" ? "manager" : "committee";
}

export function mayAnswer(user: Pick<SessionUser, "roles">, book: Book): boolean {
  return user.roles.includes(answeringRole(book));
}

/** Those who read every question of the community (the /questions pages). */
export const QUESTION_STAFF: readonly Role[] = ["manager", "committee", "auditor"];


/** An owner of at least one unit of this community (the role alone is not enough). */
function isOwnerOfCommunity(tx: Db | Tx, user: Asker): boolean {
  if (!user.roles.includes("owner") || user.ownerId === null) return false;
  return tx.select({ id: units.id }).from(units).where(eq(units.ownerId, user.ownerId)).limit(1).get() !== undefined;
}

function textLength(text: string): number {
  return [...text].length; // characters, not UTF-16 units
}

export function askQuestion(
  db: Db,
  input: { publishedId: number; book: Book; lineKey: string | null; text: string },
  user: Asker,
  now = new Date(),
): { questionId: number } {
  const text = input.text.trim();
  const lineKey = input.lineKey?.trim() ? input.lineKey.trim() : null;
  return auditedWrite(db, { actor: String(user.id), action: "statement.ask" }, (tx, seq) => {
    if (!isOwnerOfCommunity(tx, user)) throw new DomainError("questions.errors.notOwner", { status: 403 });
    const published = getPublished(tx, input.publishedId);
    if (!published) throw new DomainError("questions.errors.unknownStatement", { status: 404 });
    const { row, snapshot } = published;
    if (!published.latest) {
      const latestId = latestPublished(tx, row.period)?.id ?? row.id;
      throw new DomainError("questions.errors.oldRevision", { status: 409, params: { period: row.period, revision: row.revision, latestId } });
    }
    if (!BOOKS.includes(input.book)) throw new DomainError("questions.errors.book", { field: "book" });
    if (lineKey !== null && !isQuestionLine(snapshot.figures, input.book, lineKey)) {
      throw new DomainError("questions.errors.unknownLine", { field: "lineKey" });
    }
    if (textLength(text) < QUESTION_MIN || textLength(text) > QUESTION_MAX) {
      throw new DomainError("questions.errors.textLength", { field: "text", params: { min: QUESTION_MIN, max: QUESTION_MAX } });
    }
    const today = shanghaiDate(now);
    const question = tx.insert(statementQuestions).values({
      publishedId: row.id, period: row.period, book: input.book, lineKey, askedBy: user.id, text,
      askedAt: now.toISOString(), dueOn: addDays(today, requireCommunity(tx).settings.answerDueDays), auditSeq: seq,
    }).returning().get();
    // Who asked stays out of the message: the book, the line and where to answer.
    const line = lineKey ? `（${questionLineLabel(lineKey, "zh-CN")}）` : "";
    enqueueNotification(tx, seq, {
      topic: "question.asked",
      subject: `statement:${row.period}`,
      title: `业主质询：${periodTitleZh(row.period)}`,
      body: `业主对${BOOK_NAMES_ZH[input.book]}${line}提出质询，请于 ${question.dueOn} 前回复。[回复](/questions/${question.id})`,
    }, now);
    return {
      result: { questionId: question.id },
      subject: `statement:${row.period}`,
      rows: { statement_questions: [rowViews.statement_questions(question)] },
      extra: { book: input.book, lineKey },
    };
  });
}

export function answerQuestion(db: Db, questionId: number, input: { text: string }, user: Pick<SessionUser, "id" | "roles">, now = new Date()): { answerId: number } {
  const text = input.text.trim();
  return auditedWrite(db, { actor: String(user.id), action: "statement.answer" }, (tx, seq) => {
    const question = tx.select().from(statementQuestions).where(eq(statementQuestions.id, questionId)).get();
    if (!question) throw new DomainError("questions.errors.unknownQuestion", { status: 404 });
    if (!mayAnswer(user, question.book)) throw new DomainError("questions.errors.notYourBook", { status: 403 });
    if (tx.select({ id: statementAnswers.id }).from(statementAnswers).where(eq(statementAnswers.questionId, questionId)).get()) {
      throw new DomainError("questions.errors.alreadyAnswered", { status: 409 });
    }
    if (textLength(text) < ANSWER_MIN || textLength(text) > ANSWER_MAX) {
      throw new DomainError("questions.errors.answerLength", { field: "text", params: { min: ANSWER_MIN, max: ANSWER_MAX } });
    }
    const answer = tx.insert(statementAnswers).values({
      questionId, text, answeredBy: user.id, answeredAt: now.toISOString(), auditSeq: seq,
    }).returning().get();
    return {
      result: { answerId: answer.id },
      subject: `statement:${question.period}`,
      rows: { statement_answers: [rowViews.statement_answers(answer)] },
      extra: { questionId, late: shanghaiDate(now) > question.dueOn },
    };
  });
}

function toView(q: QuestionRow, a: AnswerRow | null, viewerId: number | null, today: string): QuestionView {
  return {
    id: q.id, publishedId: q.publishedId, period: q.period, book: q.book, lineKey: q.lineKey, text: q.text,
    askedOn: shanghaiDate(new Date(q.askedAt)), dueOn: q.dueOn,
    mine: viewerId !== null && q.askedBy === viewerId,
    answer: a ? { text: a.text, answeredOn: shanghaiDate(new Date(a.answeredAt)), byRole: answeringRole(q.book) } : null,
    overdue: a === null && today > q.dueOn,
  };
}

function withAnswers(db: Db | Tx, questions: QuestionRow[]): Map<number, AnswerRow> {
  if (questions.length === 0) return new Map();
  const answers = db.select().from(statementAnswers).where(inArray(statementAnswers.questionId, questions.map((q) => q.id))).all();
  return new Map(answers.map((a) => [a.questionId, a]));
}

/**
 * Every question on any revision of a period, oldest first; never who asked.
 * Questions are for signed-in readers: an anonymous viewer (userId null) gets
 * none — everybody gets the overdue count (overdueCount).
 */
export function questionsOfPeriod(db: Db | Tx, period: string, viewer: { userId: number | null }, today: string): QuestionView[] {
  if (viewer.userId === null) return [];
  const questions = db.select().from(statementQuestions).where(eq(statementQuestions.period, period)).orderBy(asc(statementQuestions.id)).all();
  const answers = withAnswers(db, questions);
  return questions.map((q) => toView(q, answers.get(q.id) ?? null, viewer.userId, today));
}

/** Unanswered questions of a period past their due date (shown to every reader of the statement). */
export function overdueCount(db: Db | Tx, period: string, today: string): number {
  const row = db.select({ n: sql<number>`count(*)` }).from(statementQuestions)
    .leftJoin(statementAnswers, eq(statementAnswers.questionId, statementQuestions.id))
    .where(and(eq(statementQuestions.period, period), sql`${statementAnswers.id} is null`, sql`${statementQuestions.dueOn} < ${today}`))
    .get();
  return Number(row?.n ?? 0);
}

export interface QuestionListItem extends QuestionView {
  state: QuestionState;
  late: boolean; // answered after its due date
  ageDays: number; // days since asked (until answered, for an answered one)
  lineLabel: string | null;
}


function listItem(view: QuestionView, today: string, lang: "zh-CN" | "en"): QuestionListItem {
  return {
    ...view,
    state: view.answer ? "answered" : view.overdue ? "overdue" : "open",
    late: view.answer !== null && view.answer.answeredOn > view.dueOn,
    ageDays: daysBetween(view.askedOn, view.answer?.answeredOn ?? today),
    lineLabel: view.lineKey ? questionLineLabel(view.lineKey, lang) : null,
  };
}

const STATE_ORDER: Record<QuestionState, number> = { overdue: 0, open: 1, answered: 2 };

function assertStaff(user: Pick<SessionUser, "roles">): void {
  if (!hasAnyRole(user.roles, QUESTION_STAFF)) throw new DomainError("errors.forbidden", { status: 403 });
}

/**
 * Every question of the community for the managers, committee and auditors:
 * overdue first, then open, then answered; within each the earliest due first.
 * "open" means unanswered (overdue ones included).
 */
export function listQuestions(db: Db | Tx, filter: QuestionFilter, user: Pick<SessionUser, "id" | "roles">, today: string, lang: "zh-CN" | "en" = "zh-CN"): QuestionListItem[] {
  assertStaff(user);
  const questions = db.select().from(statementQuestions)
    .where(filter.book ? eq(statementQuestions.book, filter.book) : undefined).orderBy(asc(statementQuestions.id)).all();
  const answers = withAnswers(db, questions);
  return questions
    .map((q) => listItem(toView(q, answers.get(q.id) ?? null, user.id, today), today, lang))
    .filter((q) => !filter.state || (filter.state === "open" ? q.state !== "answered" : q.state === filter.state))
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.dueOn.localeCompare(b.dueOn) || a.id - b.id);
}

/** One question for the staff page, with whether this user may answer it now. */
export function questionDetail(db: Db | Tx, questionId: number, user: Pick<SessionUser, "id" | "roles">, today: string, lang: "zh-CN" | "en" = "zh-CN"): { question: QuestionListItem; canAnswer: boolean } | null {
  assertStaff(user);
  const q = db.select().from(statementQuestions).where(eq(statementQuestions.id, questionId)).get();
  if (!q) return null;
  const a = withAnswers(db, [q]).get(q.id) ?? null;
  const question = listItem(toView(q, a, user.id, today), today, lang);
  return { question, canAnswer: question.answer === null && mayAnswer(user, q.book) };
}

/** Whether this user may ask questions at all (an owner of a unit here): the statement page's canAsk. */
export function mayAsk(db: Db | Tx, user: Asker | null): boolean {
  return user !== null && isOwnerOfCommunity(db, user);
}
