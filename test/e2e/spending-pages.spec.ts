import { expect, test, type Browser, type Page } from "@playwright/test";
import { login } from "./helpers";

/**
 * Every page of issue 4 in a real browser, as the role that uses it: it
 * answers, raises no page or console error, and shows no untranslated
 * message key — in Chinese, and a few in English. The demo's proposals are
 * 1–13 in the order app/services/demo/proposals.server.ts writes them (one
 * per state); a role that may not see a page gets the 403 page.
 */
const RAW_KEY = /\b(?:spending|budget|suppliers|approvals|notifications|timeline|ledger|errors)\.[a-z][A-Za-z_]*(?:\.[A-Za-z_]+)*/;

const PAGES: Record<string, string[]> = {
  manager: [
    "/spending", "/spending?status=in_approval", "/spending/new", "/spending/rules",
    ...Array.from({ length: 13 }, (_, i) => `/spending/${i + 1}`),
    "/spending/10/edit", "/spending/9/quotes/new", "/spending/8/submit", "/spending/3/pay", "/spending/4/pay", "/spending/5/increase",
    "/budget", "/budget/new", "/budget/new?book=public_revenue", "/budget/1", "/budget/2", "/budget/3", "/budget/routine", "/budget/routine/new",
    "/suppliers", "/suppliers/new", "/suppliers/1", "/suppliers/15", "/related-parties",
  ],
  director: ["/waiting", "/spending/5/accept", "/spending/2/retention", "/spending/12", "/spending/rules", "/related-parties", "/suppliers/2"],
  auditor: ["/spending", "/spending/12", "/budget/2", "/budget/routine", "/suppliers", "/suppliers/5"],
  admin: ["/admin/notifications", "/admin/notifications/new"],
};

const DENIED: [string, string][] = [
  ["owner", "/spending"], ["owner", "/budget"], ["owner", "/suppliers"], ["owner", "/waiting"],
  ["admin", "/spending/1"], ["admin", "/budget/routine/new"], ["manager", "/admin/notifications"], ["manager", "/waiting"],
  ["auditor", "/spending/new"], ["auditor", "/budget/routine/new"], ["director", "/spending/3/pay"],
];

async function signedIn(browser: Browser, who: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror ${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    // A 403 page logs its failed document load; that is the page working.
    if (message.type() === "error" && !/status of 403/.test(message.text())) errors.push(`console ${page.url()}: ${message.text()}`);
  });
  await login(page, who);
  return { page, errors };
}

async function expectClean(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  const text = await page.locator("main").innerText();
  expect(text.match(RAW_KEY)?.[0] ?? null, `raw key on ${path}`).toBeNull();
}

for (const [who, paths] of Object.entries(PAGES)) {
  test(`${who}'s spending pages load cleanly in Chinese`, async ({ browser }) => {
    test.setTimeout(60_000);
    const { page, errors } = await signedIn(browser, who);
    for (const path of paths) await expectClean(page, path);
    expect(errors).toEqual([]);
  });
}

test("the director's open approvals load cleanly", async ({ browser }) => {
  const { page, errors } = await signedIn(browser, "director");
  await page.goto("/waiting");
  const links = await page.locator('main a[href^="/approvals/"]').evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  expect(links.length).toBeGreaterThan(0);
  for (const href of links) await expectClean(page, href);
  expect(errors).toEqual([]);
});

test("the spending pages speak English after the switch", async ({ browser }) => {
  const { page, errors } = await signedIn(browser, "manager");
  await page.goto("/spending");
  await page.locator("header.site-header").getByRole("button", { name: "English", exact: true }).click();
  for (const path of ["/spending", "/spending/3", "/spending/12", "/spending/8/submit", "/budget/2", "/budget/routine/new", "/suppliers/1"]) {
    await expectClean(page, path);
    // Titles and names are data (Chinese); the page's own words are English.
    await expect(page.locator("header.site-header nav")).toContainText("Spending proposals");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  }
  expect(errors).toEqual([]);
});

test("roles that may not use a page get the 403 page", async ({ browser }) => {
  for (const [who, path] of DENIED) {
    const page = await (await browser.newContext()).newPage();
    await login(page, who);
    const response = await page.goto(path);
    expect(response?.status(), `${who} ${path}`).toBe(403);
    await page.context().close();
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a committee member votes with a plain form", async ({ page }) => {
    await login(page, "committee3"); // committee4's password is changed by password-reset.spec.ts
    await page.goto("/waiting");
    const href = await page.locator('main a[href^="/approvals/"]').first().getAttribute("href");
    expect(href).not.toBeNull();
    await page.goto(href!);
    const form = page.locator("main form").filter({ has: page.locator('[name="choice"]') });
    await form.locator('input[name="choice"][value="abstain"]').check();
    await form.locator("textarea, input[name=comment]").first().fill("无 JS 表决测试");
    await form.locator('button[type="submit"]').click();
    await expect(page.locator("main")).toContainText("无 JS 表决测试");
  });
});
