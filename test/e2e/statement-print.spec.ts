import { expect, test } from "@playwright/test";
import { fenToChineseCapitals } from "../../app/domain/chinese-capitals";
import { compact, pdfText } from "../support/pdf-text";

/**
 * The printed notice 公示 (issue 5 item 7): a visitor (statements are public
 * by default) opens the latest quarter from /statements, goes to its A4
 * print page and prints it to PDF in Chromium; the PDF's text carries the
 * community, the co-managed book's closing balance in figures and in 大写,
 * and the statement's full hash. Needs fonts-noto-cjk (global setup checks).
 * Both sides are compared through compact(): pdf.js reads some 汉字 of the
 * Noto fonts back as radicals (⽰ for 示) and splits lines into items.
 */

const COMMUNITY = "明湖苑（示范小区）";

/** "¥1,234.56" → fen. */
function parseFen(text: string): number {
  const m = /^\s*(-?)¥([\d,]+)\.(\d{2})\s*$/.exec(text);
  if (!m) throw new Error(`not an amount: ${JSON.stringify(text)}`);
  const fen = Number(m[2]!.replaceAll(",", "")) * 100 + Number(m[3]);
  return m[1] ? -fen : fen;
}

test("the latest statement prints to an A4 PDF with its figures, 大写 total, hash and QR code", async ({ page }) => {
  await page.goto("/statements");
  const quarters = page.locator("ul.statement-list").first();
  const latest = quarters.locator(":scope > li").first().locator("a").first();
  await latest.click();
  await expect(page).toHaveURL(/\/statements\/\d+$/);
  const publishedId = /\/statements\/(\d+)$/.exec(new URL(page.url()).pathname)![1]!;

  await page.getByRole("link", { name: /打印版|Print/ }).click();
  await expect(page).toHaveURL(new RegExp(`/statements/${publishedId}/print$`));
  const notice = page.locator("article.print-notice");
  await expect(notice.getByRole("heading", { level: 1 })).toContainText(`${COMMUNITY} `);
  await expect(notice.getByRole("heading", { level: 1 })).toContainText("共管账户及公共收益账户收支情况公示");

  // The QR code is an inline SVG, and the address it encodes is printed under it.
  await expect(notice.locator(".print-qr-code svg")).toHaveCount(1);
  await expect(notice.locator("figure.print-qr .print-url")).toHaveText(new RegExp(`/statements/${publishedId}$`));

  const hash = (await notice.getByTestId("statement-hash").textContent())?.trim() ?? "";
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  const closingRow = notice.locator(".print-totals tbody tr").filter({ hasText: "共管账户" }).filter({ hasText: "期末余额" });
  await expect(closingRow).toHaveCount(1);
  const closingText = (await closingRow.locator("td").nth(2).textContent())?.trim() ?? "";
  const closingFen = parseFen(closingText);
  const capitals = fenToChineseCapitals(closingFen);
  await expect(closingRow.locator("td").nth(3)).toHaveText(capitals);

  // The screen-only toolbar is not printed; the layout chrome neither.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".print-toolbar")).toBeHidden();
  await expect(page.locator("header.site-header")).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  const pdf = await page.pdf({ format: "A4", printBackground: true });
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const text = compact(await pdfText(pdf));
  expect(text).toContain(compact(COMMUNITY));
  expect(text).toContain(compact(closingText));
  expect(text).toContain(compact(capitals));
  expect(text).toContain(compact("业主委员会（盖章）"));
  expect(text).toContain(hash);
});
