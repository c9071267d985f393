/**
 * Issue 6, H5: a timeline on every subject page — units, owners, users, a
 * unit's account (where bills and payments land), journal entries, budget
 * lines and (for staff only) published statements — plus words in both
 * languages for every action the code writes.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import * as unitPage from "~/routes/admin.units.$unitId";
import * as ownerPage from "~/routes/admin.owners.$ownerId";
import * as userPage from "~/routes/admin.users.$userId";
import * as accountPage from "~/routes/billing.units.$unitId";
import * as paymentPage from "~/routes/billing.payments.$paymentId";
import * as billPage from "~/routes/billing.bills.$billId";
import * as entryPage from "~/routes/ledger.entries.$entryId";
import * as budgetPage from "~/routes/budget.$budgetId";
import * as statementPage from "~/routes/statements.$publishedId";
import { actionKey, type TimelineItem } from "~/domain/timeline";
import { SubjectTimeline } from "~/components/SubjectTimeline";
import { createI18n, resources } from "~/i18n/i18n";
import { verifyDatabase } from "~/services/audit-verify.server";
import { DEMO_PASSWORD, ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { ensureDemoStatements } from "~/services/demo/statements.server";
import { postVoucher, reverseEntry } from "~/services/ledger/entries.server";
import { requestReopen } from "~/services/statements/reopen.server";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";
import { sessionUserOf } from "../support/statements";
import { portalHandler } from "../support/statements-portal";

const db = testDb();
const cookies: Record<string, string> = {};

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
  await ensureDemoStatements(db);
  for (const login of ["admin", "manager", "committee1", "auditor", "owner"]) cookies[login] = (await signIn(login, DEMO_PASSWORD)).cookie;
}, 240_000);

type Mod = { loader: (args: never) => unknown };
const get = (mod: Mod, path: string, who: string | null, params: Record<string, string>, headers: Record<string, string> = {}) => {
  const request = makeRequest(path, { cookie: who ? cookies[who] : undefined });
  for (const [k, v] of Object.entries(headers)) request.headers.set(k, v);
  return settle(mod.loader({ request, params, context: CONTEXT } as never));
};
const status = (value: unknown) => (value instanceof Response ? value.status : isDataWithInit(value) ? value.init?.status ?? 200 : 200);
const payload = <T>(value: unknown): T => (isDataWithInit(value) ? (value.data as unknown as T) : (value as T));
const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
const actions = (items: readonly TimelineItem[]) => new Set(items.map((i) => i.action));
const newestFirst = (items: readonly TimelineItem[]) => items.every((item, i) => i === 0 || items[i - 1]!.seq > item.seq);

describe("the words", () => {
  /** Every action name the services write: literals after `action:` (also in ternaries) and the changeStatus helper's audit action. */
  function actionsInSource(dir: string): Set<string> {
    const found = new Set<string>();
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        for (const a of actionsInSource(path)) found.add(a);
        continue;
      }
      if (!/\.tsx?$/.test(name)) continue;
      const source = readFileSync(path, "utf8");
      for (const m of source.matchAll(/\baction:\s*([^,}\n]+)/g)) {
        for (const lit of m[1]!.matchAll(/"([a-z_]+\.[a-z_]+)"/g)) found.add(lit[1]!);
      }
      for (const m of source.matchAll(/changeStatus\([^)]*?"([a-z_]+\.[a-z_]+)"/g)) found.add(m[1]!);
    }
    return found;
  }

  it("has a sentence in zh-CN and en for every action the code writes (a new action without words fails here)", () => {
    const found = new Set([...actionsInSource(join(process.cwd(), "app")), ...actionsInSource(join(process.cwd(), "scripts"))]);
    for (const a of ["user.disable", "user.enable", "supplier.deactivate", "proposal.open_quoting", "auth.login_failed", "statement.request_reopen"]) expect(found, a).toContain(a);
    expect(found.size).toBeGreaterThan(60);
    const zh = (resources["zh-CN"].translation as unknown as { timeline: { actions: Record<string, string> } }).timeline.actions;
    const en = (resources.en.translation as unknown as { timeline: { actions: Record<string, string> } }).timeline.actions;
    const missing = [...found].filter((a) => {
      const key = actionKey(a).replace("timeline.actions.", "");
      return !zh[key] || !en[key];
    });
    expect(missing).toEqual([]);
  });

  it("has the words for 'written by event #seq' and the line filter in both languages", () => {
    for (const lang of ["zh-CN", "en"] as const) {
      const tl = (resources[lang].translation as unknown as { timeline: { writtenBy: string; lineFilter: Record<string, string> } }).timeline;
      expect(tl.writtenBy).toContain("{{seq}}");
      expect(Object.keys(tl.lineFilter).sort()).toEqual(["all", "label", "show"]);
    }
  });
});

describe("the register pages (admin)", () => {
  it("shows a unit's import (the row was written by another subject's event) and its later edits", async () => {
    const unit = one<{ id: number; auditSeq: number }>("select id, audit_seq as auditSeq from units order by id limit 1");
    const importSeq = one<{ seq: number }>("select seq from audit_events where action = 'unit.import' order by seq limit 1").seq;
    const page = payload<{ history: { items: TimelineItem[]; writtenBy: number | null } }>((await get(unitPage, `/admin/units/${unit.id}`, "admin", { unitId: String(unit.id) })).value);
    expect(page.history.items.map((i) => i.seq)).toContain(importSeq);
    expect(unit.auditSeq).toBe(importSeq);
    expect(page.history.writtenBy).toBe(importSeq);
    expect(status((await get(unitPage, `/admin/units/${unit.id}`, "manager", { unitId: String(unit.id) })).value)).toBe(403);
  });

  it("shows an owner's history without the owner's name or phone", async () => {
    const owner = one<{ id: number; name: string; phone: string }>("select id, name, phone from owners where kind = 'person' and phone <> '' order by id limit 1");
    const page = payload<{ history: { items: TimelineItem[]; writtenBy: number | null } }>((await get(ownerPage, `/admin/owners/${owner.id}`, "admin", { ownerId: String(owner.id) })).value);
    expect(actions(page.history.items)).toContain("unit.import");
    expect(page.history.writtenBy).not.toBeNull(); // written by the import (subject import:<seq>)
    const text = JSON.stringify(page.history);
    expect(text).not.toContain(owner.phone);
    expect(text).not.toContain(owner.name);
    expect(status((await get(ownerPage, `/admin/owners/${owner.id}`, "auditor", { ownerId: String(owner.id) })).value)).toBe(403);
  });

  it("shows a user account's creation and sign-ins, newest first, with the actor's display name", async () => {
    const manager = sessionUserOf(db, "manager");
    const page = payload<{ history: { items: TimelineItem[]; writtenBy: number | null } }>((await get(userPage, `/admin/users/${manager.id}`, "admin", { userId: String(manager.id) })).value);
    expect(actions(page.history.items)).toContain("auth.login");
    expect(page.history.items.every((i) => i.subject === `user:${manager.id}`)).toBe(true);
    expect(newestFirst(page.history.items)).toBe(true);
    const login = page.history.items.find((i) => i.action === "auth.login")!;
    expect(login.actorName).toBe(manager.displayName);
    expect(status((await get(userPage, `/admin/users/${manager.id}`, "committee1", { userId: String(manager.id) })).value)).toBe(403);
  });
});

describe("a unit's account: bills and payments", () => {
  it("shows the bill runs and the payments of the unit, and the bill and payment links land there", async () => {
    const payment = one<{ id: number; unitId: number; auditSeq: number }>("select id, unit_id as unitId, audit_seq as auditSeq from payments order by id limit 1");
    const bill = one<{ id: number; runSeq: number }>("select b.id, r.audit_seq as runSeq from bills b join bill_runs r on r.id = b.bill_run_id where b.unit_id = ? limit 1", payment.unitId);
    for (const who of ["manager", "committee1", "auditor"]) {
      const page = payload<{ timeline: TimelineItem[] }>((await get(accountPage, `/billing/units/${payment.unitId}`, who, { unitId: String(payment.unitId) })).value);
      const seqs = page.timeline.map((i) => i.seq);
      expect(seqs).toContain(payment.auditSeq);
      expect(seqs).toContain(bill.runSeq);
      expect([...actions(page.timeline)]).toEqual(expect.arrayContaining(["billing.run", "billing.payment"]));
      expect(page.timeline.find((i) => i.seq === payment.auditSeq)!.subject).toBe(`payment:${payment.id}`);
      expect(newestFirst(page.timeline)).toBe(true);
    }
    expect(status((await get(accountPage, `/billing/units/${payment.unitId}`, "owner", { unitId: String(payment.unitId) })).value)).toBe(403);
    const toPayment = (await get(paymentPage, `/billing/payments/${payment.id}`, "auditor", { paymentId: String(payment.id) })).value as Response;
    expect(toPayment.headers.get("Location")).toBe(`/billing/units/${payment.unitId}`);
    const toBill = (await get(billPage, `/billing/bills/${bill.id}`, "auditor", { billId: String(bill.id) })).value as Response;
    expect(toBill.headers.get("Location")).toBe(`/billing/units/${payment.unitId}`);
  });
});

describe("a journal entry", () => {
  it("shows the event that wrote it ('written by event #seq') when another subject's service wrote it", async () => {
    const entry = one<{ id: number; auditSeq: number; sourceId: string }>("select id, audit_seq as auditSeq, source_id as sourceId from journal_entries where source_kind = 'payment' limit 1");
    const page = payload<{ history: { items: TimelineItem[]; writtenBy: number | null } }>((await get(entryPage, `/ledger/entries/${entry.id}`, "auditor", { entryId: String(entry.id) })).value);
    expect(page.history.writtenBy).toBe(entry.auditSeq);
    const writer = page.history.items.find((i) => i.seq === entry.auditSeq)!;
    expect(writer.action).toBe("billing.payment");
    expect(writer.subject).toBe(`payment:${entry.sourceId}`);
    expect(status((await get(entryPage, `/ledger/entries/${entry.id}`, "owner", { entryId: String(entry.id) })).value)).toBe(403);
  });

  it("shows a manual voucher's own events and its reversal, with no 'written by' line", async () => {
    const manager = String(sessionUserOf(db, "manager").id);
    const postings = [
      { book: "cogoverned" as const, accountCode: "1002", amountFen: 12_345 },
      { book: "cogoverned" as const, accountCode: "2241", amountFen: -12_345 },
    ];
    const { entry } = postVoucher(db, { businessDate: "2026-11-20", memo: "更正凭证（测试）", postings }, manager);
    const reversal = reverseEntry(db, entry.id, { reason: "金额录入错误", businessDate: "2026-11-20" }, manager).entry;
    const page = payload<{ history: { items: TimelineItem[]; writtenBy: number | null } }>((await get(entryPage, `/ledger/entries/${entry.id}`, "committee1", { entryId: String(entry.id) })).value);
    expect(page.history.writtenBy).toBeNull();
    expect(page.history.items.map((i) => [i.seq, i.action])).toEqual([[reversal.auditSeq, "ledger.reverse"], [entry.auditSeq, "ledger.post"]]);
  });
});

describe("a budget's lines", () => {
  it("filters the budget's timeline to one line's events (its draft, its routine spending), ignoring a foreign line", async () => {
    const line = one<{ lineId: number; budgetId: number; n: number }>(`select l.id as lineId, l.budget_id as budgetId, count(*) as n from budget_lines l
      join routine_spendings r on r.budget_line_id = l.id group by l.id order by n desc limit 1`);
    const routineSeqs = (db.$client.prepare("select audit_seq from routine_spendings where budget_line_id = ?").pluck().all(line.lineId) as number[]);
    const url = `/budget/${line.budgetId}?line=${line.lineId}`;
    const page = payload<{ lineFilter: number | null; lineTimeline: TimelineItem[] | null; timeline: TimelineItem[] }>((await get(budgetPage, url, "auditor", { budgetId: String(line.budgetId) })).value);
    expect(page.lineFilter).toBe(line.lineId);
    const seqs = page.lineTimeline!.map((i) => i.seq);
    for (const seq of routineSeqs) expect(seqs).toContain(seq);
    expect([...actions(page.lineTimeline!)]).toEqual(expect.arrayContaining(["routine.record", "budget.draft"]));
    expect(page.lineTimeline!.length).toBeLessThanOrEqual(page.timeline.length + routineSeqs.length + 50);
    const foreign = one<{ id: number }>("select id from budget_lines where budget_id <> ? limit 1", line.budgetId);
    for (const bad of [String(foreign.id), "abc", "-1", "99999999999"]) {
      const other = payload<{ lineFilter: number | null; lineTimeline: unknown }>((await get(budgetPage, `/budget/${line.budgetId}?line=${bad}`, "manager", { budgetId: String(line.budgetId) })).value);
      expect(other.lineFilter).toBeNull();
      expect(other.lineTimeline).toBeNull();
    }
    expect(status((await get(budgetPage, url, "owner", { budgetId: String(line.budgetId) })).value)).toBe(403);
  });
});

describe("a published statement (staff only)", () => {
  const latest = () => one<{ id: number; period: string }>("select id, period from published_statements order by id desc limit 1");

  it("shows staff the period's timeline and never owners or visitors", async () => {
    const { id, period } = latest();
    for (const who of ["manager", "committee1", "auditor"]) {
      const page = payload<{ timeline: TimelineItem[] | null }>((await get(statementPage, `/statements/${id}`, who, { publishedId: String(id) })).value);
      expect(page.timeline, who).not.toBeNull();
      expect([...actions(page.timeline!)]).toEqual(expect.arrayContaining(["statement.draft", "statement.publish"]));
      expect(page.timeline!.every((i) => i.subject === `statement:${period}`)).toBe(true);
    }
    const owner = await get(statementPage, `/statements/${id}`, "owner", { publishedId: String(id) });
    expect(status(owner.value)).toBe(200);
    expect(payload<{ timeline: unknown }>(owner.value).timeline).toBeNull();
  });

  it("answers staff 304 on their validator and changes it when the period's timeline grows (a reopen request)", async () => {
    const { id } = latest();
    const etagOf = (value: unknown) => new Headers((value as { init: ResponseInit }).init.headers).get("ETag")!;
    const first = await get(statementPage, `/statements/${id}`, "auditor", { publishedId: String(id) });
    const etag = etagOf(first.value);
    expect(etag).toMatch(/^".+\.t\d+"$/);
    const again = await get(statementPage, `/statements/${id}`, "auditor", { publishedId: String(id) }, { "If-None-Match": etag });
    expect(status(again.value)).toBe(304);
    expect(payload(again.value)).toBeNull();
    const ownerEtag = etagOf((await get(statementPage, `/statements/${id}`, "owner", { publishedId: String(id) })).value);
    expect(ownerEtag).not.toMatch(/\.t\d+"$/);

    requestReopen(db, id, { reason: "三季度利息收入漏记，需要更正后重新公示" }, sessionUserOf(db, "committee1"));
    const after = await get(statementPage, `/statements/${id}`, "auditor", { publishedId: String(id) }, { "If-None-Match": etag });
    expect(status(after.value)).toBe(200);
    expect(payload<{ timeline: TimelineItem[] }>(after.value).timeline[0]!.action).toBe("statement.request_reopen");
    expect(etagOf(after.value)).not.toBe(etag);
  });

  it("renders the timeline through Remix for the auditor, and not for an owner", async () => {
    const { id } = latest();
    const handle = portalHandler();
    const staff = await (await handle(makeRequest(`/statements/${id}`, { cookie: cookies.auditor }))).text();
    expect(staff).toContain('id="timeline"');
    expect(staff).toContain("发布了公示");
    const owner = await (await handle(makeRequest(`/statements/${id}`, { cookie: cookies.owner }))).text();
    expect(owner).not.toContain('id="timeline"');
    expect(owner.replace(/<script[\s\S]*?<\/script>/g, "")).not.toContain("发布了公示");
  });

  it("leaves the chain verifiable", () => {
    expect(verifyDatabase(db).ok).toBe(true);
  });
});

describe("<SubjectTimeline>", () => {
  it("says which event wrote the row, in Chinese and in English", () => {
    const item: TimelineItem = { seq: 7, at: "2026-01-02T03:04:05.000Z", actor: "system", actorName: "system", actorKind: "system", action: "unit.import", subject: "import:7", from: null, to: null, facts: {} };
    const render = (locale: "zh-CN" | "en") =>
      renderToString(createElement(I18nextProvider, { i18n: createI18n(locale) }, createElement(SubjectTimeline, { items: [item], writtenBy: 7 })));
    expect(render("zh-CN")).toContain("本记录由第 7 号事件写入");
    expect(render("zh-CN")).toContain("导入了房屋清册");
    expect(render("en")).toContain("written by event #7");
    expect(renderToString(createElement(I18nextProvider, { i18n: createI18n("en") }, createElement(SubjectTimeline, { items: [] })))).not.toContain("written by");
  });
});
