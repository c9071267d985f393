import type { ComponentType } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import * as decisionsIndex from "~/routes/decisions._index";
import * as decisionsNew from "~/routes/decisions.new";
import * as decisionPage from "~/routes/decisions.$decisionId";
import { verifyDatabase } from "~/services/audit-verify.server";
import { DEMO_PASSWORD } from "~/services/demo.server";
import { registerTotals } from "~/services/decisions/register.server";
import { formatArea } from "~/domain/area";
import { testDb } from "../support/db";
import { renderRoutePage, visibleHtml } from "../support/render";
import { CONTEXT, isDataWithInit, makeRequest, settle, signIn } from "../support/http";
import { buildApprovedProposal, decisionWorld, FILES, passedDecision } from "../support/decisions";

const db = () => testDb();
const cookies: Record<string, string> = {};
const LOGINS = ["admin", "manager", "director", "committee1", "auditor", "owner"] as const;
type Who = (typeof LOGINS)[number] | "anonymous";

beforeAll(async () => {
  await decisionWorld(db());
  for (const login of LOGINS) cookies[login] = (await signIn(login, DEMO_PASSWORD)).cookie;
}, 60_000);

const get = (mod: { loader: (args: never) => unknown }, path: string, who: Who, params: Record<string, string> = {}) =>
  settle(mod.loader({ request: makeRequest(path, { cookie: cookies[who] }), params, context: CONTEXT } as never));
const post = (form: FormData, who: Who) =>
  settle(decisionsNew.action({ request: makeRequest("/decisions/new", { cookie: cookies[who], form }), params: {}, context: CONTEXT } as never));
const status = (value: unknown) => (value instanceof Response ? value.status : isDataWithInit(value) ? value.init?.status ?? 200 : 200);
const errorsOf = (value: unknown) => (isDataWithInit(value) ? value.data.lastResult.error ?? {} : {});

function digest(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ["owner_decisions", "decision_attachments", "attachments", "audit_events"]) {
    out[t] = (db().$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  out.maxSeq = (db().$client.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_events").get() as { n: number }).n;
  return out;
}

const FIELDS = {
  title: "使用公共收益更换监控摄像头", matter: "9", text: "同意从公共收益账户列支监控摄像头更换费用，\n不超过 8 万元。",
  heldFrom: "2026-06-01", heldUntil: "2026-06-15", announcedOn: "2026-06-16",
  agreeArea: "", agreeOwners: "150", disagreeArea: "500.25", disagreeOwners: "5", abstainArea: "", abstainOwners: "", authorised: "80,000",
};

function form(overrides: Record<string, string> = {}, files: { minutes?: { bytes: Uint8Array; name: string }[]; ballots?: { bytes: Uint8Array; name: string }[] } = {}) {
  const totals = registerTotals(db());
  // 150 of the register's owners holding 80 % of the area agree.
  const fields: Record<string, string> = { ...FIELDS, agreeArea: formatArea(Math.floor(totals.areaCentiM2 * 0.8)), ...overrides };
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  for (const f of files.minutes ?? [{ bytes: FILES.pdf(), name: "会议记录.pdf" }]) data.append("minutes", new File([new Uint8Array(f.bytes)], f.name));
  for (const f of files.ballots ?? []) data.append("ballots", new File([new Uint8Array(f.bytes)], f.name));
  return data;
}

describe("who may see and record decisions", () => {
  it("shows the list and a decision to owners, managers, committee members and auditors; refuses the admin and strangers", async () => {
    const decision = passedDecision(db());
    for (const who of ["owner", "manager", "committee1", "auditor"] as const) {
      expect((await get(decisionsIndex, "/decisions", who)).threw).toBe(false);
      expect((await get(decisionPage, `/decisions/${decision.id}`, who, { decisionId: String(decision.id) })).threw).toBe(false);
    }
    for (const who of ["admin", "anonymous"] as const) {
      for (const outcome of [await get(decisionsIndex, "/decisions", who), await get(decisionPage, `/decisions/${decision.id}`, who, { decisionId: String(decision.id) })]) {
        expect(outcome.threw).toBe(true);
        expect(status(outcome.value)).toBe(who === "admin" ? 403 : 302);
      }
    }
    expect((await get(decisionsIndex, "/decisions", "committee1")).value).toMatchObject({ canRecord: true });
    expect((await get(decisionsIndex, "/decisions", "owner")).value).toMatchObject({ canRecord: false });
  });

  it("opens the recording form to the committee only, with the register's totals", async () => {
    const committee = await get(decisionsNew, "/decisions/new", "committee1");
    expect(committee.value).toMatchObject({ totals: registerTotals(db()) });
    for (const who of ["owner", "manager", "auditor", "admin"] as const) expect(status((await get(decisionsNew, "/decisions/new", who)).value)).toBe(403);
    for (const who of ["owner", "manager", "auditor", "admin"] as const) {
      const before = digest();
      expect(status((await post(form(), who)).value)).toBe(403);
      expect(digest()).toEqual(before);
    }
    const before = digest();
    expect(status((await post(form(), "anonymous")).value)).toBe(302);
    expect(digest()).toEqual(before);
  });

  it("answers 404 for an unknown decision", async () => {
    const outcome = await get(decisionPage, "/decisions/999999", "owner", { decisionId: "999999" });
    expect(status(outcome.value)).toBe(404);
  });
});

describe("recording a decision through the page", () => {
  it("records it with its files and redirects to it; the detail shows the verdict, the window and the money", async () => {
    const outcome = await post(form({}, { ballots: [{ bytes: FILES.png(), name: "票1.png" }, { bytes: FILES.jpeg(), name: "票2.jpg" }] }), "director");
    expect(status(outcome.value)).toBe(302);
    const location = (outcome.value as Response).headers.get("Location")!;
    const id = location.split("/").at(-1)!;
    expect(location).toBe(`/decisions/${id}`);
    const page = (await get(decisionPage, location, "owner", { decisionId: id })).value as Awaited<ReturnType<typeof decisionPage.loader>>;
    expect(page.decision).toMatchObject({ title: FIELDS.title, outcome: "passed", authorisedFen: 8_000_000, disagreeAreaCentiM2: 50_025, agreeOwners: 150 });
    expect(page.attachments.map((a) => a.kind)).toEqual(["minutes", "ballots", "ballots"]);
    expect(page).toMatchObject({ challengeUntil: "2027-06-16", linkSpending: false });
    expect(page.spending).toMatchObject({ reservedFen: 0, remainingFen: 8_000_000 });
    expect(page.timeline[0]).toMatchObject({ action: "decision.record" });
    const forManager = (await get(decisionPage, location, "manager", { decisionId: id })).value as { linkSpending: boolean };
    expect(forManager.linkSpending).toBe(true);
    expect(verifyDatabase(db()).ok).toBe(true);
  });

  it("shows what was spent under a decision (a public-revenue proposal citing it)", async () => {
    const decision = passedDecision(db(), { authorisedFen: 50_000_00 });
    const { proposalId } = await buildApprovedProposal(db(), { book: "public_revenue", decisionId: decision.id, amountFen: 10_000_00, drafter: (await decisionWorld(db())).committee[0] });
    const page = (await get(decisionPage, `/decisions/${decision.id}`, "auditor", { decisionId: String(decision.id) })).value as Awaited<ReturnType<typeof decisionPage.loader>>;
    expect(page.spending.proposals.map((p) => p.id)).toEqual([proposalId]);
    expect(page.spending.remainingFen).toBe(50_000_00 - page.spending.reservedFen);
    expect(page.spending.reservedFen).toBeGreaterThan(0);
  });
});

describe("bad input on the form: a message on the field, nothing written", () => {
  const cases: [string, Record<string, string>, string, string, Parameters<typeof form>[1]?][] = [
    ["tallies above the register", { abstainArea: "1", abstainOwners: "100" }, "agreeArea", "decisions.errors.tallyAboveRegister"],
    ["voting ending before it starts", { heldUntil: "2026-05-31" }, "heldUntil", "decisions.errors.datesOrder"],
    ["announcing before the end", { announcedOn: "2026-06-14" }, "announcedOn", "decisions.errors.announcedBeforeEnd"],
    ["an area with three decimals", { disagreeArea: "500.255" }, "disagreeArea", "errors.area.too_many_decimals"],
    ["negative heads", { disagreeOwners: "-5" }, "disagreeOwners", "decisions.errors.negative"],
    ["fractional heads", { disagreeOwners: "5.5" }, "disagreeOwners", "decisions.errors.headsInvalid"],
    ["area without heads", { abstainArea: "20" }, "abstainArea", "decisions.errors.areaWithoutOwners"],
    ["no matter", { matter: "" }, "matter", "decisions.errors.matter"],
    ["matter 10", { matter: "10" }, "matter", "decisions.errors.matter"],
    ["no title", { title: " " }, "title", "decisions.errors.titleRequired"],
    ["a bad date", { heldFrom: "2026-02-30" }, "heldFrom", "decisions.errors.date"],
    ["a zero authorised amount", { authorised: "0" }, "authorised", "decisions.errors.authorisedPositive"],
    ["no minutes", {}, "minutes", "decisions.errors.minutesRequired", { minutes: [] }],
    ["minutes that are not PDF, JPEG or PNG", {}, "minutes", "income.errors.attachmentType", { minutes: [{ bytes: FILES.exe(), name: "minutes.exe" }] }],
    ["a ballot file that is not PDF, JPEG or PNG", {}, "ballots", "income.errors.attachmentType", { ballots: [{ bytes: FILES.exe(), name: "b.exe" }] }],
  ];
  it.each(cases)("refuses %s", async (_name, overrides, field, code, files) => {
    const before = digest();
    const outcome = await post(form(overrides, files ?? {}), "committee1");
    expect(status(outcome.value)).toBe(400);
    expect(errorsOf(outcome.value)[field]).toEqual([code]);
    expect(digest()).toEqual(before);
  });

  it("leaves the chain intact", () => {
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});

/** Renders a page; every key of this section's catalog resolves (a missing one would show as its key). */
async function renderPage(url: string, path: string, Component: ComponentType, loaderData: unknown, actionData?: unknown, lang: "zh-CN" | "en" = "zh-CN") {
  const html = await renderRoutePage({ url, path, Component, loaderData, actionData, lang });
  expect(visibleHtml(html)).not.toMatch(/decisions\.|errors\.area/);
  return html;
}

describe("the pages render in both languages", () => {
  it("renders the list, the form with its denominators, a refused form and a detail", async () => {
    const decision = passedDecision(db(), { text: "第一行<script>alert(1)</script>\n第二行" });
    for (const lang of ["zh-CN", "en"] as const) {
      const list = await renderPage("/decisions", "/decisions", decisionsIndex.default, (await get(decisionsIndex, "/decisions", "committee1")).value, undefined, lang);
      expect(list).toContain(`/decisions/${decision.id}`);
      expect(list).toContain("/decisions/new");
      expect(list).toContain("/ballots");
      const ownerList = await renderPage("/decisions", "/decisions", decisionsIndex.default, (await get(decisionsIndex, "/decisions", "owner")).value, undefined, lang);
      expect(ownerList).not.toContain("/decisions/new");

      const newPage = (await get(decisionsNew, "/decisions/new", "committee1")).value;
      const formHtml = await renderPage("/decisions/new", "/decisions/new", decisionsNew.default, newPage, undefined, lang);
      expect(formHtml).toContain(formatArea(registerTotals(db()).areaCentiM2));
      expect(formHtml).toContain('name="minutes"');
      const refused = await post(form({ disagreeArea: "1.234" }), "committee1");
      const refusedHtml = await renderPage("/decisions/new", "/decisions/new", decisionsNew.default, newPage, (refused.value as { data: unknown }).data, lang);
      expect(refusedHtml).toContain(lang === "zh-CN" ? "面积最多两位小数" : "decimal");

      const detail = (await get(decisionPage, `/decisions/${decision.id}`, "owner", { decisionId: String(decision.id) })).value;
      const html = await renderPage(`/decisions/${decision.id}`, "/decisions/:decisionId", decisionPage.default, detail, undefined, lang);
      expect(html).toContain("pre-wrap");
      expect(html).not.toContain("<script>alert(1)");
      expect(html).toContain("2027-03-16");
      expect(html).toContain("¥10,000.00");
    }
    const zh = await renderPage(`/decisions/${decision.id}`, "/decisions/:decisionId", decisionPage.default, (await get(decisionPage, `/decisions/${decision.id}`, "owner", { decisionId: String(decision.id) })).value);
    expect(zh).toContain("第十二条");
    expect(zh).not.toContain("已过");
    // Announced long ago: the window to ask a court to annul it has closed.
    const old = passedDecision(db(), { heldFrom: "2024-01-02", heldUntil: "2024-01-09", announcedOn: "2024-01-10" });
    const oldHtml = await renderPage(`/decisions/${old.id}`, "/decisions/:decisionId", decisionPage.default, (await get(decisionPage, `/decisions/${old.id}`, "owner", { decisionId: String(old.id) })).value);
    expect(oldHtml).toContain("2025-01-10");
    expect(oldHtml).toContain("已过");
  });
});
