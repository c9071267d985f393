import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { asUser, Header, pdfUpload } from "./helpers";

/**
 * Stored XSS (issue 9 §6): HTML and script payloads stored through the app's
 * real forms (POSTs from a signed-in browser context, with its cookie and
 * Origin) must render as text and run nothing, on every page that shows them,
 * in real Chromium, before and after hydration, in both languages.
 *
 * Every free-text field of the zod form schemas under app/domain, and whether it is covered here:
 * - spending.new / spending.$id_.edit (proposalFormSchema): title, reason, items[].description, items[].unit — covered (drafted, then edited)
 * - spending.$id_.quotes.new (quoteFormSchema): note — covered (shown in the audit trail; no page prints it); the supplier's name in the quotes list — covered
 * - suppliers.new (supplierFormSchema): name, contactName, address, scope — covered; legalRepresentative, bankName,
 *   companyRelation — same rendering path as the covered ones (an individual supplier has no legal representative)
 * - suppliers.$id deactivate (supplierReasonFormSchema): reason — covered; supplierUpdateFormSchema — same fields as above
 * - related-parties (declareRelationFormSchema): relation — covered; endRelationFormSchema reason — not (would end the spec's declaration)
 * - budget.new (budgetDraftFormSchema): title, note, note_<kind> (the line's note; line names are the chart's) — covered, a 2099 draft
 * - ledger.new (voucherFormSchema): memo, lines[].memo — covered, a 0.12 yuan interest voucher dated today (after 2026Q3)
 * - ledger reverseFormSchema: reason — not (a reversal changes balances; the voucher memo covers the entry page)
 * - income.new (incomeFormSchema): counterparty, reference, memo — covered; permitRef, deductionReason — not (public-revenue only)
 * - remuneration (remunerationRuleFormSchema): contractRef — covered, a rule effective 2099-12 (no accrual reaches it)
 * - income.splits (splitRuleFormSchema), public-revenue fund rule: no free text; fundTransferFormSchema bankReference — not (pays money over)
 * - admin.owners.new (ownerFormSchema): name — covered; unitFormSchema building/number — not (would add a unit to billing)
 * - admin.users.new (createUserFormSchema): displayName — covered (60 characters: the short payload)
 * - admin.community (communityFormSchema): name, address — not (every page's header and other specs' texts show the name)
 * - admin.notifications (channelFormSchema): name — not (webhook channels would send to the outbox other specs read)
 * - statements.$id_.ask / questions.$id (askFormSchema, answerFormSchema): text — covered
 * - statements.$id_.board (boardPostingFormSchema): location, note — covered
 * - statements.drafts (newDraftFormSchema / workReportFormSchema): workReport — covered by statement-flow.spec.ts (2026Q3);
 *   publishFormSchema location — not (would publish); reopenFormSchema reason — not (would reopen a quarter)
 * - decisions.new (decisionFormSchema): title, text — covered; ballots.new (openBallotFormSchema): title, text — covered
 * - proposal withdraw / submit (selectionReason, exceptionReason, collusionReason), score comment, vote comment,
 *   acceptance notes, retention note, increase reason, payment bankReference/invoiceNumber, routine payee/memo,
 *   rulesFormSchema reason — not (each submits, approves, pays or changes rules other specs rely on)
 * - billing: rate reference, payment reference — not (would change the bills and arrears other specs read)
 * - bank.mappings (saveMappingFormSchema): name, date, amount, counterparty (column names) — covered; debit, credit, memo,
 *   reference, balance — the same cell; assertionFormSchema expected — an amount, not text
 * - bank.import (importFormSchema): filename — shown in the preview heading only; not stored by this spec (an import adds bank lines)
 * Pages: each record's own page and list, /admin/owners?q=<marker> (the search keeps pagination from hiding the
 * new owner), /admin/users (the list has no search and shows every user), the budget page, the voucher's entry page,
 * the proposal page with its quotes, /auditor/trail filtered on the proposal, and pages again in English.
 * Not covered: the proposal's printed page under a published statement (/statements/:id/proposals/:pid) needs an
 * approved proposal in a published quarter; this spec publishes and approves nothing, and writes only new records.
 */
const RUN = Date.now().toString(36);
const PAYLOADS = [
  `<script>window.__xss=(window.__xss||0)+1</script>`,
  `<img src=x onerror="window.__xss=(window.__xss||0)+1">`,
  `"><svg onload=window.__xss=1>`,
  `</script><script>window.__xss=1</script>`,
  `javascript:window.__xss=1`,
  `{{constructor.constructor('window.__xss=1')()}}`,
  `\u202Eالعربية RTL \u05E2\u05D1\u05E8\u05D9\u05EA 👪 ‮abc`,
].map((payload, i) => `X${RUN}${i}${payload}`);
/** A payload short enough for a 60-character display name. */
const SHORT = `X${RUN}s<img src=x onerror=window.__xss=1>`;

/** `date` + n days, as a date string. */
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

let next = 0;
/** The next payload, round robin, so each one lands in several fields. */
const payload = () => PAYLOADS[next++ % PAYLOADS.length]!;

/** Where each stored payload should be visible, and as whom. */
const views: { who: string; path: string; texts: string[]; openDetails?: boolean }[] = [];
const fieldsStored: string[] = [];

async function post(request: APIRequestContext, path: string, form: Record<string, string>, files?: Record<string, ReturnType<typeof pdfUpload>>) {
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const response = await request.post(path, {
    headers: { Origin: origin },
    maxRedirects: 0,
    ...(files ? { multipart: { ...form, ...files } } : { form }),
  });
  const location = response.headers().location ?? "";
  const problems = [...(await response.text()).matchAll(/(?:id="([^"]*)-errors"[^>]*>|class="[^"]*(?:field-errors|form-errors)[^"]*"[^>]*>)(.*?)<\/ul>/g)].map((m) => `${m[1] ?? ""} ${m[2]}`);
  expect([302, 303], `${path}: ${response.status()} ${problems.join(" | ")}`).toContain(response.status());
  return location;
}

function remember(who: string, path: string, fields: Record<string, string>, names: string[]) {
  fieldsStored.push(...names.map((n) => `${path.split("?")[0]}:${n}`));
  views.push({ who, path, texts: names.map((n) => fields[n]!) });
}

let dialogs = 0;
let pageViews = 0;
const cspReports: string[] = [];

/** Opens `path` and checks that nothing ran and every payload shows as text. */
async function check(page: Page, path: string, texts: string[], openDetails = false) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  pageViews += 1;
  // The audit trail shows an event's data in a closed disclosure: open them all, so the text is rendered.
  if (openDetails) await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), `${path}: a payload ran`).toBeUndefined();
  for (const text of texts) await expect(page.locator("body"), `${path} shows the payload as text`).toContainText(text.trim(), { useInnerText: true });
  const made = await page.evaluate(() => ({
    img: document.querySelectorAll('img[src="x"]').length,
    handlers: document.querySelectorAll("[onerror], [onload]").length,
    svg: document.querySelectorAll("main svg[onload]").length,
    jsLinks: [...document.querySelectorAll("a[href]")].filter((a) => /^\s*javascript:/i.test(a.getAttribute("href") ?? "")).length,
  }));
  expect(made, `${path}: elements made from a payload`).toEqual({ img: 0, handlers: 0, svg: 0, jsLinks: 0 });
}

/** A signed-in page for `who` ("manager", or "manager@en" to switch to English with the header's button). */
async function signedIn(browser: Browser, who: string): Promise<Page> {
  const [login, lang] = who.split("@");
  const page = await watch(await asUser(browser, login!));
  if (lang === "en") {
    await new Header(page).languageButton("English").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  }
  return page;
}

/** How a text appears in the audit trail's data: inside a JSON string. */
const asJson = (text: string) => JSON.stringify(text).slice(1, -1);

/** Today in Shanghai, as the app's own date fields default to. */
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function watch(page: Page) {
  page.on("dialog", async (dialog) => { dialogs += 1; await dialog.dismiss(); });
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy|CSP/i.test(message.text())) cspReports.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

test.describe.serial("stored XSS: payloads in every free-text field render as text", () => {
  test("payloads are stored through the real forms", async ({ browser }) => {
    test.setTimeout(120_000);
    const manager = await watch(await asUser(browser, "manager"));
    const proposal = { book: "cogoverned", kind: "6605", title: payload(), reason: payload(), "items[0].description": payload(), "items[0].quantity": "1",
      "items[0].unit": payload().slice(0, 20), "items[0].estimated": "100", isMajorRepair: "no" };
    const proposalAt = await post(manager.request, "/spending/new", proposal);
    fieldsStored.push(...["title", "reason", "items[0].description", "items[0].unit"].map((n) => `spending.new:${n}`));
    // The drafter edits the draft with fresh payloads: the pages must show the edited texts.
    const edited = { ...proposal, title: payload(), reason: payload(), "items[0].description": payload(), "items[0].unit": payload().slice(0, 20) };
    expect(await post(manager.request, `${proposalAt}/edit`, edited)).toBe(proposalAt);
    remember("manager", proposalAt, edited, ["title", "reason", "items[0].description"]);
    fieldsStored.push("spending.edit:items[0].unit");
    views.push({ who: "manager", path: "/spending", texts: [edited.title] });
    views.push({ who: "auditor", path: proposalAt, texts: [edited.title, edited.reason] });
    views.push({ who: "manager@en", path: proposalAt, texts: [edited.title, edited.reason, edited["items[0].description"]] });
    const proposalId = proposalAt.split("/").pop()!;

    const supplier = { kind: "individual", name: payload(), contactName: payload(), phone: "13800000000", address: payload(), scope: payload(), idNumber: "11010519491231002X", creditCode: "",
      legalRepresentative: "", bankName: "", bankAccount: "", companyRelation: "" };
    const supplierAt = await post(manager.request, "/suppliers/new", supplier);
    remember("manager", supplierAt, supplier, ["name", "contactName", "address", "scope"]);
    views.push({ who: "manager", path: "/suppliers", texts: [supplier.name] });

    // Quoting on the spec's own proposal, by the spec's own supplier: its name in the quotes list, the note in the trail.
    expect(await post(manager.request, proposalAt, { intent: "openQuoting" })).toBe(proposalAt);
    const quote = { supplierId: supplierAt.split("/").pop()!, "amounts[0]": "95", validUntil: plusDays(today, 60), note: payload().replaceAll('"', "'") };
    expect(await post(manager.request, `${proposalAt}/quotes/new`, quote, { attachment: pdfUpload("quote.pdf") })).toBe(proposalAt);
    fieldsStored.push("spending.quotes.new:note");
    views.push({ who: "manager", path: proposalAt, texts: [supplier.name] });
    views.push({ who: "auditor", path: `/auditor/trail?subject=${encodeURIComponent(`proposal:${proposalId}`)}`, texts: [asJson(edited.title)], openDetails: true });
    views.push({ who: "auditor", path: `/auditor/trail?text=${encodeURIComponent(quote.note.slice(0, 60))}`, texts: [asJson(quote.note)], openDetails: true });

    const budget = { year: "2099", book: "cogoverned", title: payload(), note: payload(), line_6602: "10", note_6602: payload(), decisionId: "" };
    const budgetAt = await post(manager.request, "/budget/new", budget);
    remember("manager", budgetAt, budget, ["title", "note", "note_6602"]);
    views.push({ who: "committee1", path: "/budget?year=2099&book=cogoverned", texts: [budget.title] });
    views.push({ who: "auditor@en", path: budgetAt, texts: [budget.title, budget.note, budget.note_6602] });

    const voucher: Record<string, string> = { businessDate: today, book: "cogoverned", memo: payload(),
      "lines[0].account": "1002", "lines[0].debit": "0.12", "lines[0].credit": "", "lines[0].memo": payload(),
      "lines[1].account": "6006", "lines[1].debit": "", "lines[1].credit": "0.12", "lines[1].memo": payload() };
    const voucherAt = await post(manager.request, "/ledger/new", voucher);
    expect(voucherAt).toMatch(/^\/ledger\/entries\/\d+$/);
    remember("manager", voucherAt, voucher, ["memo", "lines[0].memo", "lines[1].memo"]);
    views.push({ who: "auditor", path: voucherAt, texts: [voucher.memo!] });

    // A saved bank column mapping: its name and column names are shown on /bank/mappings (committee members read it too).
    const mapping = { name: SHORT, headerRow: "1", date: payload(), amount: payload(), counterparty: payload() };
    expect(await post(manager.request, "/bank/mappings", mapping)).toBe("/bank/mappings?saved=1");
    remember("manager", "/bank/mappings", mapping, ["name", "date", "amount", "counterparty"]);
    views.push({ who: "committee1@en", path: "/bank/mappings", texts: [mapping.name, mapping.date] });

    const income = { kind: "advertising", receivedOn: "2026-10-15", amount: "12.34", counterparty: payload(), reference: payload(), memo: payload() };
    await post(manager.request, "/income/new", income, {});
    remember("manager", "/income", income, ["counterparty", "reference"]);

    const admin = await watch(await asUser(browser, "admin"));
    const owner = { kind: "person", name: payload(), phone: "" };
    const ownerAt = await post(admin.request, "/admin/owners/new", owner);
    remember("admin", ownerAt, owner, ["name"]);
    views.push({ who: "admin", path: `/admin/owners?q=${encodeURIComponent(`X${RUN}`)}`, texts: [owner.name] });
    views.push({ who: "admin@en", path: `/admin/owners?q=${encodeURIComponent(`X${RUN}`)}`, texts: [owner.name] });
    const user = { login: `xss-${RUN}`, displayName: SHORT, password: "xss-password-0123", roles: "auditor" };
    const userAt = await post(admin.request, "/admin/users/new", user);
    // The user's page holds the name in its edit field (a value, not markup); the list shows it as text.
    await expect(admin.request.get(userAt)).resolves.toBeTruthy();
    fieldsStored.push("admin.users.new:displayName");
    views.push({ who: "admin", path: userAt, texts: [] });
    views.push({ who: "admin", path: "/admin/users", texts: [SHORT] });

    const ownerPage = await watch(await asUser(browser, "owner"));
    const question = { book: "cogoverned", lineKey: "", text: payload() };
    await post(ownerPage.request, "/statements/1/ask", question);
    views.push({ who: "owner", path: "/statements/1", texts: [question.text] });
    fieldsStored.push("ask:text");
    await manager.goto("/questions");
    // The newest question is the one just asked.
    const questionIds = await manager.locator(`main a[href^="/questions/"]`).evaluateAll((links) =>
      links.map((a) => Number(/^\/questions\/(\d+)$/.exec(a.getAttribute("href") ?? "")?.[1] ?? 0)));
    const questionHref = `/questions/${Math.max(...questionIds)}`;
    const answer = { text: payload() };
    await post(manager.request, questionHref!, answer);
    remember("manager", questionHref!, { ...answer, q: question.text }, ["text", "q"]);

    const director = await watch(await asUser(browser, "director"));
    const decision = { title: payload(), matter: "9", text: payload(), heldFrom: "2026-06-01", heldUntil: "2026-06-15", announcedOn: "2026-06-16",
      agreeArea: "", agreeOwners: "", disagreeArea: "", disagreeOwners: "", abstainArea: "", abstainOwners: "", authorised: "" };
    const decisionAt = await post(director.request, "/decisions/new", decision, { minutes: pdfUpload("minutes.pdf") });
    remember("director", decisionAt, decision, ["title", "text"]);
    views.push({ who: "owner", path: "/decisions", texts: [decision.title] });

    const ballot = { title: payload(), matter: "9", text: payload(), authorised: "", deadlineDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), deadlineTime: "18:00" };
    const ballotAt = await post(director.request, "/ballots/new", ballot);
    remember("director", ballotAt, ballot, ["title", "text"]);
    views.push({ who: "owner", path: ballotAt, texts: [ballot.title] });

    const relation = { intent: "declare", supplierId: supplierAt.split("/").pop()!, relation: payload(), declaredOn: "2026-10-01" };
    await post(director.request, "/related-parties", relation);
    remember("director", "/related-parties", relation, ["relation"]);

    const board = { location: payload(), postedOn: "2025-04-12", note: payload() };
    await post(director.request, "/statements/1/board", board, {});
    remember("director", "/statements/1/board", board, ["location"]);

    const rule = { intent: "rule", method: "percent", percent: "10", effectiveFrom: "2099-12", contractRef: payload() };
    await post(director.request, "/remuneration", rule);
    remember("manager", "/remuneration", rule, ["contractRef"]);

    // Deactivated last: the quote and the declaration above need it active.
    const deactivation = { intent: "deactivate", reason: payload() };
    expect(await post(manager.request, supplierAt, deactivation)).toBe(supplierAt);
    remember("auditor", supplierAt, deactivation, ["reason"]);

    views.push({ who: "auditor", path: "/auditor/trail", texts: [] });
    views.push({ who: "manager", path: "/ledger", texts: [] });
    views.push({ who: "owner", path: "/me", texts: [] });
    views.push({ who: "owner", path: "/statements/1/print", texts: [] });
    for (const page of [manager, admin, ownerPage, director]) await page.context().close();
  });

  test("every page that shows them runs nothing and shows the text", async ({ browser }) => {
    test.setTimeout(240_000);
    const pages = new Map<string, Page>();
    for (const view of views) {
      if (!pages.has(view.who)) pages.set(view.who, await signedIn(browser, view.who));
      await check(pages.get(view.who)!, view.path, view.texts, view.openDetails);
    }
    for (const page of pages.values()) await page.context().close();
    expect(dialogs).toBe(0);
    for (const report of cspReports) console.log(`[csp] ${report}`);
    console.log(`[figure] stored XSS: ${PAYLOADS.length + 1} payloads in ${fieldsStored.length} fields, ${pageViews} page views, 0 executed` +
      ` (${cspReports.length} CSP reports)`);
  });
});
