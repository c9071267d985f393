/**
 * The public page /verify (issue 6, H4): anyone, without logging in and
 * whatever statementsPublic says, learns whether a hash is one of this
 * community's published statements and whether the audit head it recorded is
 * still in the chain — and nothing else. It writes nothing.
 */
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { asc } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { publishedStatements } from "~db/schema";
import { VerifyOutcome, type VerifyCheck } from "~/components/audit/VerifyStatement";
import { PrintVerification } from "~/components/statements/PrintVerification";
import { createI18n } from "~/i18n/i18n";
import { checkStatementHash } from "~/services/audit/verify-statement.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import { getCommunity, updateCommunity } from "~/services/community.server";
import { ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { ensureDemoStatements } from "~/services/demo/statements.server";
import { getPublished } from "~/services/statements/published.server";
import { verifyUrl } from "~/services/statements/qr.server";
import * as statementPage from "~/routes/statements.$publishedId";
import * as verifyPage from "~/routes/verify";
import { maxSeq } from "../support/builders";
import { testDb } from "../support/db";
import { CONTEXT, makeRequest, settle } from "../support/http";

const db = testDb();
type PageData = { input: string; bad: boolean; check: VerifyCheck | null };

async function visit(query: string): Promise<PageData> {
  const url = `/verify${query === "" ? "" : `?hash=${encodeURIComponent(query)}`}`;
  return (await verifyPage.loader({ request: makeRequest(url), params: {}, context: CONTEXT })) as PageData;
}

const rows = () => db.select().from(publishedStatements).orderBy(asc(publishedStatements.id)).all();
const row = (period: string, revision: number) => rows().find((r) => r.period === period && r.revision === revision)!;

function render(element: ReturnType<typeof createElement>, locale: "zh-CN" | "en" = "zh-CN"): string {
  return renderToString(createElement(I18nextProvider, { i18n: createI18n(locale) }, element));
}

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
  await ensureDemoStatements(db);
}, 180_000);

describe("/verify", () => {
  it("answers an anonymous visitor with the period, revision, latest flag and the head still in the chain, writing nothing", async () => {
    const latest = row("2026Q1", 2);
    const before = maxSeq(db);
    const page = await visit(latest.hash);
    expect(page.bad).toBe(false);
    expect(page.check).toEqual({
      found: true, period: "2026Q1", periodKind: "quarter", revision: 2, publishedAt: latest.publishedAt, latest: true,
      publishedId: latest.id, headInChain: true, head: { seq: latest.auditHeadSeq, hash: latest.auditHeadHash },
    });
    expect(maxSeq(db)).toBe(before);
    const html = render(createElement(VerifyOutcome, { check: page.check! }));
    expect(html).toContain("这是本小区已发布的公示：2026 年第 1 季度，第 2 版（最新）");
    expect(html).toContain(`href="/statements/${latest.id}"`);
    expect(html).toContain(`审计链在该公示发布时的链头 #${latest.auditHeadSeq} ${latest.auditHeadHash} 仍在今天的审计链中 ✓`);
  });

  it("trims and lowercases the hash, and says when a later revision superseded it", async () => {
    const first = row("2026Q1", 1);
    const page = await visit(`  ${first.hash.toUpperCase()} `);
    expect(page.check).toMatchObject({ found: true, revision: 1, latest: false, publishedId: first.id });
    expect(render(createElement(VerifyOutcome, { check: page.check! }), "en")).toContain("revision 1 (a corrected revision has since been published)");
  });

  it("says only 'not found' for an unknown hash", async () => {
    const page = await visit("ab".repeat(32));
    expect(page.check).toEqual({ found: false });
    expect(render(createElement(VerifyOutcome, { check: page.check! }))).toContain("未找到：这不是本小区已发布的公示哈希。");
  });

  it("answers a malformed hash with a clear message and no lookup", async () => {
    for (const bad of ["xyz", "ab".repeat(31), `${"g".repeat(64)}`]) {
      const page = await visit(bad);
      expect(page).toEqual({ input: bad, bad: true, check: null });
    }
    expect(await visit("")).toEqual({ input: "", bad: false, check: null });
  });

  it("accepts a pasted statement address, a print address or a /verify address", async () => {
    const statement = row("2026Q2", 1);
    for (const pasted of [`http://localhost/statements/${statement.id}`, `https://example.org/statements/${statement.id}/print`, verifyUrl(statement.hash, "https://x.example/anything")]) {
      expect((await visit(pasted)).check).toMatchObject({ found: true, publishedId: statement.id, period: "2026Q2" });
    }
    expect((await visit("http://localhost/statements/99999")).check).toEqual({ found: false });
  });

  it("still answers when statements are not public, while the statement page asks for a login", async () => {
    const c = getCommunity(db)!;
    const base = { name: c.name, address: c.address, billingPeriod: c.settings.billingPeriod, postingMinDays: c.settings.postingMinDays };
    updateCommunity(db, { ...base, statementsPublic: false }, "system");
    try {
      const statement = row("2026Q3", 1);
      const closed = await settle(statementPage.loader({ request: makeRequest(`/statements/${statement.id}`), params: { publishedId: String(statement.id) }, context: CONTEXT }));
      expect(closed.threw && (closed.value as Response).status).toBe(302);
      expect((await visit(statement.hash)).check).toMatchObject({ found: true, publishedId: statement.id });
    } finally {
      updateCommunity(db, { ...base, statementsPublic: true }, "system");
    }
    expect(verifyDatabase(db).ok).toBe(true);
  });

  it("the printed notice carries the /verify address of its hash as a second code", () => {
    const published = getPublished(db, row("2026Q3", 1).id)!;
    const onlineUrl = `https://mingzhang.example/statements/${published.row.id}`;
    const html = render(createElement(PrintVerification, { hash: published.row.hash, snapshot: published.snapshot, onlineUrl, qrSvg: "<svg></svg>" }));
    expect(html).toContain(`https://mingzhang.example/verify?hash=${published.row.hash}`);
    expect(html).toContain('aria-label="扫码核验本公示的哈希"');
    expect(html).toMatch(/<path d="M\d+ \d+h1v1h-1z/);
  });

  it("warns when the head a statement recorded is no longer in the chain", () => {
    const statement = row("2025Q1", 1);
    db.$client.exec("DROP TRIGGER audit_events_no_update");
    db.$client.prepare("UPDATE audit_events SET hash = ? WHERE seq = ?").run("f".repeat(64), statement.auditHeadSeq);
    const check = checkStatementHash(db, statement.hash);
    expect(check).toMatchObject({ found: true, headInChain: false });
    const html = render(createElement(VerifyOutcome, { check: check as VerifyCheck }));
    expect(html).toContain(`警告：该公示发布时记录的审计链链头 #${statement.auditHeadSeq}`);
    expect(verifyDatabase(db)).toMatchObject({ ok: false });
  });
});
