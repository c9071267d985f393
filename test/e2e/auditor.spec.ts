import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { login } from "./helpers";

/**
 * The auditor's workspace (issue 6): filter the trail, download the audit
 * bundle and verify it with the tools its own README names (unzip,
 * sha256sum, node), and check a statement hash on the public /verify page.
 */
test.describe.serial("the auditor", () => {
  test("filters the trail by action and by text, and pages through it", async ({ page }) => {
    await login(page, "auditor");
    await page.goto("/auditor");
    await expect(page.locator("main")).toContainText(/seq \d+ [0-9a-f]{64}/);
    await page.getByRole("link", { name: /审计轨迹|trail/i }).first().click();
    await expect(page).toHaveURL(/\/auditor\/trail/);
    const rows = page.locator("main table tbody tr");
    await expect(rows).toHaveCount(50);

    await page.locator('select[name="action"]').selectOption("statement.publish");
    await page.getByRole("button", { name: /筛选|Apply/ }).click();
    await expect(page).toHaveURL(/action=statement\.publish/);
    // The filtered page has arrived when its rows are the publications (fewer than a full page).
    await expect(rows.first()).toContainText("发布了公示");
    await expect(rows).not.toHaveCount(50);
    const published = await rows.count();
    expect(published).toBeGreaterThanOrEqual(8);
    for (let i = 0; i < published; i++) await expect(rows.nth(i)).toContainText("发布了公示");
    await expect(rows.first().locator('a[href^="/statements/"]')).toHaveCount(1);

    await page.goto("/auditor/trail?text=LED");
    const matches = await rows.count();
    expect(matches).toBeGreaterThan(0);
    for (let i = 0; i < matches; i++) await expect(rows.nth(i).locator("details")).toContainText("LED");

    await page.goto("/auditor/trail");
    const firstSeq = await rows.first().locator(".trail-seq").textContent();
    await page.locator('a[rel="next"]').click();
    await expect(page).toHaveURL(/before=\d+/);
    await expect(rows.first().locator(".trail-seq")).not.toHaveText(firstSeq ?? "");
  });

  test("downloads the audit bundle and verifies it by following its README", async ({ page }) => {
    await login(page, "auditor");
    await page.goto("/auditor");
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('main a.button[href="/auditor/bundle"]').click()]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mz-bundle-e2e-"));
    const zip = path.join(dir, download.suggestedFilename());
    await download.saveAs(zip);
    expect(zip).toMatch(/\.zip$/);
    execFileSync("unzip", ["-q", zip, "-d", dir]);
    expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toContain("sha256sum -c SHA256SUMS");
    const sums = execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: dir, encoding: "utf8" });
    expect(sums).not.toContain("FAILED");
    const chain = execFileSync("node", ["verify-chain.mjs", "audit.jsonl"], { cwd: dir, encoding: "utf8" });
    expect(chain).toMatch(/chain OK: \d+ events, head \d+ [0-9a-f]{64}/);
    const statements = execFileSync("node", ["verify-statements.mjs"], { cwd: dir, encoding: "utf8" });
    expect(statements).toMatch(/statements OK/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("anyone checks a statement's hash on the public verification page", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/statements");
    await page.locator("ul.statement-list").first().locator(":scope > li").first().locator("a").first().click();
    // The first full hash in the proof list is the statement's own.
    const hash = (await page.locator("code.hash-full").first().textContent())?.trim();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await page.goto("/verify");
    await page.locator('input[name="hash"]').fill(hash!);
    await page.getByRole("button", { name: /核验|Verify|查询/ }).click();
    await expect(page.locator("main")).toContainText("这是本小区已发布的公示");
    await page.goto(`/verify?hash=${"0".repeat(64)}`);
    await expect(page.locator("main")).toContainText("未找到");
    await context.close();
  });
});
