import { expect, test, type Page } from "@playwright/test";
import { login } from "./helpers";

/** /admin/import: a multipart upload of the unit register. */
class ImportPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/admin/import");
    await expect(this.page.getByRole("heading", { level: 1, name: "导入房屋清册" })).toBeVisible();
  }

  async upload(name: string, csv: string) {
    await this.page.locator('input[type="file"][name="file"]').setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await this.page.locator("main form").getByRole("button", { name: "导入" }).click();
  }

  result = () => this.page.locator("#import-result");
}

/** The total number of units, from the pager of /admin/units ("1–50 / 180"). */
async function unitTotal(page: Page): Promise<number> {
  await page.goto("/admin/units");
  const text = (await page.locator("main nav.pager").textContent()) ?? "";
  const match = /\/\s*(\d+)/.exec(text) ?? /^\s*(\d+)\s*$/.exec(text);
  expect(match, `pager text "${text}"`).not.toBeNull();
  return Number(match![1]);
}

test("a CSV with bad lines is refused line by line; a good one is imported", async ({ page }) => {
  await login(page, "admin");
  const before = await unitTotal(page);
  expect(before).toBeGreaterThan(0);

  const importPage = new ImportPage(page);
  await importPage.goto();
  const bad = [
    "building,unit,area,kind,owner,phone",
    "9栋,0101,89.37,residential,测试甲,13800009901",
    "9栋,0102,abc,residential,测试乙,13800009902",
    "9栋,0201,75.20,villa,测试丙,13800009903",
  ].join("\n");
  await importPage.upload("bad.csv", bad);
  const alert = importPage.result().getByRole("alert");
  await expect(alert).toContainText("文件未导入：有 2 处错误。");
  const rows = alert.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).locator("td")).toHaveText(["3", "area", "面积须为数字，如 89.37。"]);
  await expect(rows.nth(1).locator("td")).toHaveText(["4", "kind", "房屋类型须为住宅、商业、开发商未售或开发商已售未交付。"]);
  expect(await unitTotal(page)).toBe(before);

  await importPage.goto();
  const good = [
    "building,unit,area,kind,owner,phone",
    "9栋,0101,89.37,residential,测试甲,13800009901",
    "9栋,0102,92.10,residential,测试乙,13800009902",
  ].join("\n");
  await importPage.upload("good.csv", good);
  await expect(importPage.result().getByRole("status")).toHaveText("已导入 2 套房屋，新增业主 2 位。");
  expect(await unitTotal(page)).toBe(before + 2);

  await page.goto(`/admin/units?building=${encodeURIComponent("9栋")}`);
  await expect(page.locator("main table.data-table tbody tr")).toHaveCount(2);
});
