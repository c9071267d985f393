import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { BalanceAlarm } from "~/components/BalanceAlarm";
import { FormErrors } from "~/components/form";
import { assertionFormSchema, bookSchema, matchFormSchema, unmatchFormSchema } from "~/domain/bank/mapping";
import { BOOKS } from "~/domain/ledger/chart";
import { formatFen, parseYuan } from "~/domain/money";
import { hasAnyRole } from "~/domain/roles";
import { getDb } from "~/services/db.server";
import { addBalanceAssertion } from "~/services/bank/import.server";
import { autoMatch, matchLine, unmatchLine } from "~/services/bank/matching.server";
import { reconciliation } from "~/services/bank/reconcile.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

const SHOWN = 200;

const querySchema = z.object({
  book: bookSchema.catch("cogoverned"),
  matched: z.coerce.number().int().min(0).optional().catch(undefined),
  newCount: z.coerce.number().int().min(0).optional().catch(undefined),
  existingCount: z.coerce.number().int().min(0).optional().catch(undefined),
});

const RECENT_ASSERTIONS = 12;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ["manager", "committee", "auditor"]);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rec = reconciliation(getDb(), query.book);
  return {
    query,
    canAct: hasAnyRole(user.roles, ["manager"]),
    imports: rec.imports,
    failing: rec.failing,
    // Every failing check, then the most recent ones: the full history stays in the audit trail and exports.
    assertions: [...rec.assertions.filter((a) => !a.ok), ...rec.assertions.filter((a) => a.ok).slice(-RECENT_ASSERTIONS)].sort((a, b) => (a.asOf < b.asOf ? 1 : a.asOf > b.asOf ? -1 : b.id - a.id)),
    assertionCount: rec.assertions.length,
    unmatchedLineCount: rec.unmatchedLines.length,
    unmatchedEntryCount: rec.unmatchedEntries.length,
    unmatchedLines: rec.unmatchedLines.slice(0, SHOWN).map((l) => ({
      id: l.id, txnDate: l.txnDate, amountFen: l.amountFen, counterparty: l.counterparty, memo: l.memo, reference: l.reference, balanceFen: l.balanceFen,
    })),
    unmatchedEntries: rec.unmatchedEntries.slice(0, SHOWN),
    matchedLines: rec.matchedLines.map((m) => ({ id: m.line.id, txnDate: m.line.txnDate, amountFen: m.line.amountFen, memo: m.line.memo, entryId: m.entryId, method: m.method })),
  };
}

const intentSchema = z.enum(["auto_match", "match", "unmatch", "assert"]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  const formData = await readForm(request);
  const intent = intentSchema.safeParse(formData.get("intent"));
  const book = bookSchema.catch("cogoverned").parse(formData.get("book"));
  if (!intent.success) return data({ intent: null, lastResult: null }, { status: 400 });
  const db = getDb();
  const actor = String(user.id);
  const back = `/bank?book=${book}`;
  const tagged = <T extends { data: { lastResult: unknown }; init: ResponseInit | null }>(reply: T) =>
    data({ intent: intent.data, lastResult: reply.data.lastResult }, reply.init ?? undefined);

  if (intent.data === "auto_match") {
    const submission = parseWithZod(formData, { schema: z.object({ book: bookSchema }) });
    if (submission.status !== "success") return tagged(invalid(submission));
    const { matched } = autoMatch(db, { book: submission.value.book }, actor);
    return redirect(`${back}&matched=${matched}`);
  }
  if (intent.data === "match") {
    const submission = parseWithZod(formData, { schema: matchFormSchema });
    if (submission.status !== "success") return tagged(invalid(submission));
    try {
      matchLine(db, submission.value, actor);
    } catch (error) {
      return tagged(refuse(submission, error));
    }
    return redirect(back);
  }
  if (intent.data === "unmatch") {
    const submission = parseWithZod(formData, { schema: unmatchFormSchema });
    if (submission.status !== "success") return tagged(invalid(submission));
    try {
      unmatchLine(db, submission.value, actor);
    } catch (error) {
      return tagged(refuse(submission, error));
    }
    return redirect(back);
  }
  const submission = parseWithZod(formData, { schema: assertionFormSchema });
  if (submission.status !== "success") return tagged(invalid(submission));
  const expected = parseYuan(submission.value.expected, { allowNegative: true });
  if (!expected.ok) return tagged(data({ lastResult: submission.reply({ fieldErrors: { expected: [`errors.${expected.error.code}`] } }) }, { status: 400 }));
  try {
    addBalanceAssertion(db, { book: submission.value.book, asOf: submission.value.asOf, expectedFen: expected.value }, actor);
  } catch (error) {
    return tagged(refuse(submission, error));
  }
  return redirect(back);
}

type Reply = { error?: Record<string, string[] | null> | null } | null | undefined;
function errorsOf(reply: Reply): string[] {
  return Object.values(reply?.error ?? {}).flatMap((e) => e ?? []);
}

export default function BankPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const book = d.query.book;
  const errors = errorsOf(actionData?.lastResult as Reply);
  return (
    <section>
      <h1>{t("bank.title")}</h1>
      <nav className="filters" aria-label={t("bank.book")}>
        {BOOKS.map((b) => (b === book ? <strong key={b}>{t(`bank.books.${b}`)}</strong> : <Link key={b} to={`/bank?book=${b}`}>{t(`bank.books.${b}`)}</Link>))}
        {d.canAct ? <Link to="/bank/import">{t("bank.importStatement")}</Link> : null}
        <Link to="/bank/mappings">{t("bank.mappings")}</Link>
      </nav>
      <BalanceAlarm failing={d.failing} />
      <FormErrors id="bank-errors" errors={errors} />
      {d.query.matched !== undefined ? <p className="notice" role="status">{t("bank.autoMatched", { count: d.query.matched })}</p> : null}
      {d.query.newCount !== undefined ? (
        <p className="notice" role="status">
          {d.query.newCount === 0
            ? t("bank.result.nothingNew", { existingCount: d.query.existingCount ?? 0 })
            : t("bank.result.imported", { newCount: d.query.newCount, existingCount: d.query.existingCount ?? 0 })}
        </p>
      ) : null}

      <h2>{t("bank.assertions")}</h2>
      {d.assertionCount > d.assertions.length ? <p>{t("bank.assertionsShown", { shown: d.assertions.length, count: d.assertionCount })}</p> : null}
      {d.assertions.length === 0 ? <p>{t("bank.noAssertions")}</p> : (
        <table className="data-table">
          <thead><tr>{(["asOf", "source", "bank", "ledger", "diff", "status"] as const).map((k) => <th key={k} scope="col">{t(`bank.assertionCols.${k}`)}</th>)}</tr></thead>
          <tbody>
            {d.assertions.map((a) => (
              <tr key={a.id} className={a.ok ? undefined : "failing"}>
                <td>{a.asOf}</td>
                <td>{a.source === "manual" ? t("bank.sourceManual") : a.source}</td>
                <td>{formatFen(a.expectedFen)}</td>
                <td>{formatFen(a.ledgerFen)}</td>
                <td>{formatFen(a.differenceFen)}</td>
                <td>{a.ok ? t("bank.assertionOk") : <strong style={{ color: "#c62828" }}>{t("bank.assertionFailing")}</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.canAct ? (
        <Form method="post" className="filters">
          <input type="hidden" name="book" value={book} />
          <label>{t("bank.asOf")} <input name="asOf" required pattern="\d{4}-\d{2}-\d{2}" /></label>
          <label>{t("bank.expected")} <input name="expected" required inputMode="decimal" /></label>
          <button type="submit" name="intent" value="assert">{t("bank.addAssertion")}</button>
        </Form>
      ) : null}

      <h2>{t("bank.unmatchedLines")} ({d.unmatchedLineCount})</h2>
      {d.canAct ? (
        <Form method="post">
          <input type="hidden" name="book" value={book} />
          <button type="submit" name="intent" value="auto_match">{t("bank.autoMatch")}</button>
          <p className="hint">{t("bank.autoMatchHint")}</p>
        </Form>
      ) : null}
      {d.unmatchedLines.length === 0 ? <p>{t("bank.noneUnmatched")}</p> : (
        <table className="data-table">
          <thead><tr>{(["date", "amount", "counterparty", "memo", "reference", "balance"] as const).map((k) => <th key={k} scope="col">{t(`bank.lineCols.${k}`)}</th>)}{d.canAct ? <th scope="col">{t("bank.matchTo")}</th> : null}</tr></thead>
          <tbody>
            {d.unmatchedLines.map((l) => {
              const candidates = d.unmatchedEntries.filter((e) => e.bankAmountFen === l.amountFen);
              return (
                <tr key={l.id}>
                  <td>{l.txnDate}</td>
                  <td>{formatFen(l.amountFen)}</td>
                  <td>{l.counterparty}</td>
                  <td>{l.memo}</td>
                  <td>{l.reference}</td>
                  <td>{l.balanceFen === null ? "" : formatFen(l.balanceFen)}</td>
                  {d.canAct ? (
                    <td>
                      <Form method="post">
                        <input type="hidden" name="book" value={book} />
                        <input type="hidden" name="bankLineId" value={l.id} />
                        <select name="entryId" aria-label={t("bank.chooseEntry")} required defaultValue="">
                          <option value="" disabled>{t("bank.chooseEntry")}</option>
                          {candidates.map((e) => <option key={e.id} value={e.id}>#{e.id} {e.businessDate} {e.memo}</option>)}
                        </select>
                        <button type="submit" name="intent" value="match">{t("bank.match")}</button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h2>{t("bank.unmatchedEntries")} ({d.unmatchedEntryCount})</h2>
      {d.unmatchedEntries.length === 0 ? <p>{t("bank.noneUnmatched")}</p> : (
        <table className="data-table">
          <thead><tr>{(["id", "date", "memo", "amount"] as const).map((k) => <th key={k} scope="col">{t(`bank.entryCols.${k}`)}</th>)}</tr></thead>
          <tbody>
            {d.unmatchedEntries.map((e) => (
              <tr key={e.id}><td>#{e.id}</td><td>{e.businessDate}</td><td>{e.memo}</td><td>{formatFen(e.bankAmountFen)}</td></tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t("bank.matchedLines")}</h2>
      {d.matchedLines.length === 0 ? <p>{t("bank.noneUnmatched")}</p> : (
        <table className="data-table">
          <thead><tr>{(["date", "amount", "memo", "entry"] as const).map((k) => <th key={k} scope="col">{t(`bank.lineCols.${k}`)}</th>)}<th scope="col" /></tr></thead>
          <tbody>
            {d.matchedLines.map((m) => (
              <tr key={m.id}>
                <td>{m.txnDate}</td><td>{formatFen(m.amountFen)}</td><td>{m.memo}</td>
                <td>#{m.entryId} ({m.method === "auto" ? t("bank.methodAuto") : t("bank.methodManual")})</td>
                <td>
                  {d.canAct ? (
                    <Form method="post">
                      <input type="hidden" name="book" value={book} />
                      <input type="hidden" name="bankLineId" value={m.id} />
                      <button type="submit" name="intent" value="unmatch">{t("bank.unmatch")}</button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t("bank.imports")}</h2>
      {d.imports.length === 0 ? <p>{t("bank.noImports")}</p> : (
        <table className="data-table">
          <thead><tr>{(["id", "filename", "encoding", "lines", "period"] as const).map((k) => <th key={k} scope="col">{t(`bank.importCols.${k}`)}</th>)}</tr></thead>
          <tbody>
            {d.imports.map((i) => (
              <tr key={i.id}><td>{i.id}</td><td>{i.filename}</td><td>{i.encoding}</td><td>{i.lineCount}</td><td>{i.firstDate} – {i.lastDate}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
