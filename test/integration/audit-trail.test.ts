import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { TrailTable } from "~/components/audit/TrailTable";
import { trailQuerySchema, type TrailQuery, type TrailRow } from "~/domain/audit/trail-query";
import { createI18n } from "~/i18n/i18n";
import * as auditorRoute from "~/routes/auditor";
import * as trailRoute from "~/routes/auditor.trail";
import { verifyDatabase } from "~/services/audit-verify.server";
import { seqWindow, trailActions, trailActors, trailPage, trailSql, trailView } from "~/services/audit/trail.server";
import { buildApprovedProposal } from "../support/decisions";
import { pay } from "../support/billing";
import { digest, maxSeq } from "../support/builders";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";
import { appendSyntheticEvents, EVENTS_PER_DAY } from "../support/trail";

const db = testDb();
const PASSWORD = "mingzhang-demo";
const COUNT = 20_000;
const cookies: Record<string, string> = {};
let base = 0; // seq of synthetic event 0
let proposalId = 0;
let auditorId = "";
let managerId = "";

const q = (input: Record<string, string>): TrailQuery => trailQuerySchema.parse(input);
const seqOf = (i: number) => base + i;

beforeAll(async () => {
  const built = await buildApprovedProposal(db);
  proposalId = built.proposalId;
  auditorId = built.world.auditor;
  managerId = built.world.manager;
  const unit = db.$client.prepare("SELECT id FROM units ORDER BY id LIMIT 1").get() as { id: number };
  pay(db, { unitId: unit.id, amountFen: 1234_56, allowPrepayment: true });
  for (const login of ["auditor", "director", "committee1", "manager", "owner", "admin"]) cookies[login] = (await signIn(login, PASSWORD)).cookie;
  base = appendSyntheticEvents(db, COUNT, [auditorId, managerId], {
    100: { data: { note: "needle-XYZ" } },
    200: { data: { reason: "<script>alert('x')</script>", from: "draft", to: "quoting" }, subject: "proposal:3" },
    12345: { data: { i: 12345 }, subject: "supplier:777" },
  });
}, 120_000);

function page(input: Record<string, string>, options: { scanWindow?: number } = {}) {
  return trailPage(db, q(input), ["auditor"], options);
}

/** Every seq a filter gives, following the "older" cursor to the end. */
function allSeqs(input: Record<string, string>, options: { scanWindow?: number } = {}): number[] {
  const seqs: number[] = [];
  let cursor: number | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const result = page(cursor === null ? input : { ...input, before: String(cursor) }, options);
    seqs.push(...result.rows.map((r) => r.seq));
    if (result.older === null) return seqs;
    cursor = result.older;
  }
  throw new Error("pager does not end");
}

describe("the trail service on 20,000 events", () => {
  it("turns a Shanghai day range into a seq range through the at index", () => {
    expect(seqWindow(db, { from: "2027-01-03", to: "2027-01-03" })).toEqual({ lo: seqOf(2 * EVENTS_PER_DAY), hi: seqOf(3 * EVENTS_PER_DAY - 1) });
    expect(seqWindow(db, { from: "2030-01-01" })).toBeNull();
    expect(seqWindow(db, { to: "2000-01-01" })).toBeNull();
  });

  it("pages a day newest first, 50 at a time, with both cursors and no gaps", () => {
    const first = page({ from: "2027-01-03", to: "2027-01-03" });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.seq).toBe(seqOf(3 * EVENTS_PER_DAY - 1));
    expect(first.newer).toBeNull();
    expect(first.older).toBe(first.rows.at(-1)!.seq);
    const second = page({ from: "2027-01-03", to: "2027-01-03", before: String(first.older) });
    expect(second.rows[0]!.seq).toBe(first.older! - 1);
    expect(second.newer).toBe(second.rows[0]!.seq);
    const back = page({ from: "2027-01-03", to: "2027-01-03", after: String(second.newer) });
    expect(back.rows.map((r) => r.seq)).toEqual(first.rows.map((r) => r.seq));
    expect(back.older).toBe(first.older);
    const seqs = allSeqs({ from: "2027-01-03", to: "2027-01-03" });
    expect(seqs).toHaveLength(EVENTS_PER_DAY);
    expect(new Set(seqs).size).toBe(EVENTS_PER_DAY);
    expect(seqs.at(-1)).toBe(seqOf(2 * EVENTS_PER_DAY));
  });

  it("filters by actor, action, exact subject and subject prefix", () => {
    const day = { from: "2027-01-02", to: "2027-01-02" };
    const system = allSeqs({ ...day, actor: "system" });
    expect(system).toHaveLength(EVENTS_PER_DAY / 10);
    expect(system.every((s) => (s - base) % 10 === 0)).toBe(true);
    expect(page({ actor: "anonymous" }).rows.every((r) => r.actorKind === "anonymous")).toBe(true);
    const auditorRows = page({ actor: auditorId }).rows;
    expect(auditorRows.length).toBe(50);
    expect(auditorRows.every((r) => r.actor === auditorId && r.actorName !== null)).toBe(true);
    expect(allSeqs({ ...day, action: "test.beta" }).every((s) => (s - base) % 3 === 1)).toBe(true);
    expect(page({ subject: "supplier:777" }).rows.map((r) => r.seq)).toEqual([seqOf(12345)]);
    const budgets = allSeqs({ ...day, subject: "budget:" });
    expect(budgets).toHaveLength(EVENTS_PER_DAY / 2);
    expect(page({ subject: "budget" }).rows.every((r) => r.subject.startsWith("budget:"))).toBe(true);
    expect(page({ subject: `proposal:${proposalId}`, action: "approval.vote" }).rows.length).toBeGreaterThan(0);
    expect(page({ subject: "proposal:3", action: "test.gamma", actor: "system" }).rows.every((r) => r.subject === "proposal:3" && r.action === "test.gamma" && r.actor === "system")).toBe(true);
  });

  it("finds text in the data, and says when the bounded scan stopped", () => {
    expect(page({ text: "needle-XYZ" }).rows.map((r) => r.seq)).toEqual([seqOf(100)]);
    expect(page({ text: "needle-XYZ", from: "2027-01-02" }).rows).toEqual([]);
    // A scan window of 5,000 seqs: the newest pages stop early, say so, and point further back.
    const first = page({ text: "needle-XYZ" }, { scanWindow: 5000 });
    expect(first.rows).toEqual([]);
    expect(first.limited).toBe(true);
    expect(first.older).toBe(maxSeq(db) - 5000 + 1);
    expect(allSeqs({ text: "needle-XYZ" }, { scanWindow: 5000 })).toEqual([seqOf(100)]);
  });

  it("lists the distinct actions and actors with index seeks", () => {
    const actions = trailActions(db);
    expect(actions).toEqual(expect.arrayContaining(["test.alpha", "test.beta", "test.gamma", "approval.vote", "billing.payment", "auth.login"]));
    expect(new Set(actions).size).toBe(actions.length);
    const actors = trailActors(db);
    expect(actors.map((a) => a.value)).toEqual(expect.arrayContaining(["system", "anonymous", auditorId, managerId]));
    expect(actors.find((a) => a.value === auditorId)!.name).toBeTruthy();
  });

  it("uses an index for every filter: no SCAN of audit_events", () => {
    const plan = (sql: string, params: (string | number)[]) =>
      (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(" | ");
    const cases: Record<string, string>[] = [
      {}, { actor: "system" }, { action: "test.beta" }, { subject: "proposal:3" }, { subject: "budget:" },
      { actor: "system", action: "test.beta" }, { subject: "proposal:3", actor: "system", text: "n" }, { text: "needle" },
    ];
    for (const input of cases) {
      for (const direction of ["older", "newer"] as const) {
        const { sql, params } = trailSql(q(input), direction);
        const detail = plan(sql, [1, 1_000_000, ...params]);
        expect(detail, JSON.stringify(input)).not.toMatch(/SCAN audit_events/);
        expect(detail, JSON.stringify(input)).toMatch(/SEARCH audit_events/);
        if (input.actor && !input.subject) expect(detail).toMatch(/audit_events_actor_idx/);
        if (input.action && !input.actor && !input.subject) expect(detail).toMatch(/audit_events_action_idx/);
        if (input.subject === "proposal:3") expect(detail).toMatch(/audit_events_subject_idx/);
      }
    }
    expect(plan("SELECT seq FROM audit_events WHERE at >= ? ORDER BY at ASC, seq ASC LIMIT 1", ["x"])).toMatch(/audit_events_at_idx/);
    expect(plan("SELECT seq FROM audit_events WHERE at < ? ORDER BY at DESC, seq DESC LIMIT 1", ["x"])).toMatch(/audit_events_at_idx/);
  });
});

function html(rows: TrailRow[], locale: "zh-CN" | "en" = "zh-CN"): string {
  return renderToString(createElement(I18nextProvider, { i18n: createI18n(locale) }, createElement(TrailTable, { rows })));
}

describe("the trail in words", () => {
  it("shows a proposal approval and a fee payment in words, linked to their pages", () => {
    const votes = page({ subject: `proposal:${proposalId}`, action: "approval.vote" }).rows;
    const text = html(votes);
    expect(text).toContain("投票");
    expect(text).toContain(`href="/spending/${proposalId}"`);
    expect(text).toMatch(/赞成/);
    expect(text).toMatch(/审批中 → 已批准/);
    const payments = page({ action: "billing.payment" }).rows;
    expect(payments).toHaveLength(1);
    const paid = html(payments);
    expect(paid).toContain("记录了物业费收款");
    expect(paid).toMatch(/href="\/billing\/payments\/\d+"/);
    expect(html(payments, "en")).toContain("Event data");
  });

  it("shows the event data as text: an HTML payload is escaped", () => {
    const rows = page({ subject: "proposal:3", text: "script" }).rows;
    expect(rows.map((r) => r.seq)).toEqual([seqOf(200)]);
    const text = html(rows);
    expect(text).not.toContain("<script>");
    expect(text).toContain("&lt;script&gt;");
    expect(text).toContain("草稿 → 询价中");
    expect(text).toContain(`title="${rows[0]!.hash}"`);
  });
});

type Args = Parameters<typeof trailRoute.loader>[0];
const args = (url: string, cookie?: string, method = "GET"): Args =>
  ({ request: makeRequest(url, { cookie, method, ...(method === "POST" ? { form: {} } : {}) }), params: {}, context: CONTEXT }) as Args;

describe("/auditor and /auditor/trail", () => {
  it("let auditors and committee members in; refuse others; send visitors to login", async () => {
    for (const login of ["auditor", "director", "committee1"]) {
      const result = await trailRoute.loader(args("/auditor/trail", cookies[login]));
      expect(isDataWithInit(result) && (result.init?.status ?? 200), login).toBe(200);
      const home = (await auditorRoute.loader(args("/auditor", cookies[login]) as never)) as { count: number; head: { seq: number } };
      expect(home.count).toBe(home.head.seq);
    }
    for (const login of ["manager", "owner", "admin"]) {
      for (const call of [trailRoute.loader(args("/auditor/trail", cookies[login])), auditorRoute.loader(args("/auditor", cookies[login]) as never)]) {
        const outcome = await settle(call);
        expect((outcome.value as Response).status, login).toBe(403);
      }
    }
    const anonymous = await settle(trailRoute.loader(args("/auditor/trail?actor=system")));
    expect((anonymous.value as Response).status).toBe(302);
    expect((anonymous.value as Response).headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/auditor/trail?actor=system")}`);
  });

  it("filters through the URL", async () => {
    const result = await trailRoute.loader(args(`/auditor/trail?from=2027-01-04&to=2027-01-04&actor=system&action=test.alpha&subject=proposal%3A&before=${seqOf(4 * EVENTS_PER_DAY)}`, cookies.auditor));
    if (!isDataWithInit(result)) throw new Error("expected data()");
    const view = result.data as unknown as ReturnType<typeof trailView>;
    expect(view.errors).toBeNull();
    expect(view.page.rows.length).toBeGreaterThan(0);
    for (const row of view.page.rows) {
      expect(row.actor).toBe("system");
      expect(row.action).toBe("test.alpha");
      expect(row.subject.startsWith("proposal:")).toBe(true);
      expect(row.seq).toBeGreaterThanOrEqual(seqOf(3 * EVENTS_PER_DAY));
      expect(row.seq).toBeLessThan(seqOf(4 * EVENTS_PER_DAY));
    }
    expect(view.values).toMatchObject({ from: "2027-01-04", actor: "system", subject: "proposal:" });
  });

  it("answers bad filters with 400, a clear message per field, and writes nothing", async () => {
    const bad: [string, string, string][] = [
      ["from=2027-02-30", "from", "trail.errors.badDate"],
      ["from=2027-01-05&to=2027-01-04", "to", "trail.errors.fromAfterTo"],
      [`text=${"x".repeat(5000)}`, "text", "trail.errors.textTooLong"],
      [`subject=${"proposal:".repeat(50)}`, "subject", "trail.errors.badSubject"],
      ["action=no.such_action", "action", "trail.errors.unknownAction"],
      ["action=%3Cb%3E", "action", "trail.errors.badAction"],
      ["actor=robert'); DROP TABLE", "actor", "trail.errors.badActor"],
      ["before=abc", "before", "trail.errors.badCursor"],
    ];
    const before = digest(db);
    for (const [search, field, code] of bad) {
      const result = await trailRoute.loader(args(`/auditor/trail?${search}`, cookies.committee1));
      if (!isDataWithInit(result)) throw new Error("expected data()");
      expect(result.init?.status, search).toBe(400);
      const view = result.data as unknown as ReturnType<typeof trailView>;
      expect(view.errors?.[field], search).toEqual([code]);
      expect(view.page.rows).toEqual([]);
      expect((view.values.text ?? "").length).toBeLessThanOrEqual(300);
    }
    expect(digest(db)).toEqual(before);
  });

  it("keeps the verify-now action", async () => {
    const result = (await auditorRoute.action(args("/auditor", cookies.auditor, "POST") as never)) as { ok: boolean };
    expect(result.ok).toBe(true);
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
