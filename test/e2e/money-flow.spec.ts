import { expect, test, type Browser, type Page } from "@playwright/test";
import { encodeGb18030 } from "../../app/services/demo/gb18030.server";
import { login } from "./helpers";

/**
 * The money flow of one quarter, end to end: a bill run for 2027 Q1, a
 * payment (and a refused overpayment), advertising income split between the
 * books, a GBK bank statement imported and matched, and the figures read
 * back by the manager, the committee (read only) and the auditor (CSV).
 *
 * Uses 2027 only, after the demo's data (which ends in 2026), and units of
 * 1栋, which no other spec touches.
 */

const PAYMENT_REF = "E2E-PAY-1";
const OVERPAYMENT_REF = "E2E-PAY-2";
const AD_REF = "E2E-AD-1";
const AD_FEN = 1_200_000;
const AD_HALF_FEN = 600_000;

/** "¥1,234.56" / "-¥0.05" → fen. */
function parseFen(text: string): number {
  const m = /^\s*(-?)¥([\d,]+)\.(\d{2})\s*$/.exec(text);
  if (!m) throw new Error(`not an amount: ${JSON.stringify(text)}`);
  const fen = Number(m[2]!.replaceAll(",", "")) * 100 + Number(m[3]);
  return m[1] ? -fen : fen;
}

/** fen → "¥1,234.56", as the app shows money. */
function formatFen(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, "0")}`;
}

/** fen → "1234.56", as typed in a form or written in a bank file. */
function decimal(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

/** The co-managed book's bank (1002) balance on /ledger/balances?date=… (debit side). */
async function cogovernedBankBalance(page: Page, date: string): Promise<number> {
  await page.goto(`/ledger/balances?date=${date}`);
  await expect(page.getByRole("heading", { level: 1, name: "科目余额" })).toBeVisible();
  const book = page.locator("section section").filter({ has: page.getByRole("heading", { level: 2, name: `共管账户 · ${date}` }) });
  const row = book.locator("tbody tr").filter({ has: page.getByRole("link", { name: /^1002 / }) });
  await expect(row).toHaveCount(1);
  const debit = (await row.locator("td").nth(1).textContent())?.trim() ?? "";
  const credit = (await row.locator("td").nth(2).textContent())?.trim() ?? "";
  return debit ? parseFen(debit) : credit ? -parseFen(credit) : 0;
}

/** The /ledger list of the co-managed book's bank account for January 2027, filtered through the form. */
async function januaryBankRows(page: Page) {
  await page.goto("/ledger?book=cogoverned");
  const filters = page.locator("form.filters");
  await filters.getByLabel("起始日期").fill("2027-01-01");
  await filters.getByLabel("截止日期").fill("2027-01-31");
  await filters.getByLabel("科目").selectOption("1002");
  await filters.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/from=2027-01-01/);
  await expect(page).toHaveURL(/to=2027-01-31/);
  return page.locator("main table tbody tr");
}

/** The body rows of the table that follows the h2 `heading` (none when the next heading comes first). */
function tableAfter(page: Page, heading: string) {
  return page.locator("main h2").filter({ hasText: new RegExp(`^${heading}`) })
    .locator("xpath=following-sibling::*[self::table or self::h2][1][self::table]").locator("tbody tr");
}

async function newContextPage(browser: Browser, who: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, who);
  return page;
}

test("a quarter's money: bills, payment, income, bank statement, reconciliation and read-only views", async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await newContextPage(browser, "manager");

  // 1. The co-managed bank balance before anything happens in 2027.
  const before = await cogovernedBankBalance(page, "2027-03-31");
  const atYearEnd = await cogovernedBankBalance(page, "2026-12-31");
  expect(before, "nothing is posted to 1002 between 2026-12-31 and 2027-03-31 yet").toBe(atYearEnd);

  // 2. The bill run for 2027 Q1.
  await test.step("issue the 2027-01 bill run", async () => {
    await page.goto("/billing/runs/new");
    await expect(page.getByRole("heading", { level: 1, name: "生成账单" })).toBeVisible();
    const form = page.locator("main form");
    await form.getByLabel("计费周期起始月（YYYY-MM）").fill("2027-01");
    await form.getByLabel("出账日期").fill("2027-01-01");
    await form.getByLabel("缴费截止日期").fill("2027-01-31");
    await form.getByRole("button", { name: "生成账单" }).click();
    await expect(page).toHaveURL(/\/billing$/);
    const run = page.locator("main table tbody tr").filter({ has: page.locator("td", { hasText: /^2027-01/ }) });
    await expect(run).toHaveCount(1);
    await expect(run.locator("td").nth(1)).toHaveText("2027-01-01");
    await expect(run.locator("td").nth(2)).toHaveText("2027-01-31");
    const count = Number((await run.locator("td").nth(3).textContent())?.trim());
    // Soft, so the rest of the flow still runs: the run's bill count is the number of units billed (≈200).
    expect.soft(count, "bill count of the 2027-01 run on /billing").toBeGreaterThanOrEqual(150);
    expect.soft(count, "bill count of the 2027-01 run on /billing").toBeLessThanOrEqual(260);
    // ≈200 quarterly bills of several hundred yuan each.
    const totalFen = parseFen((await run.locator("td").nth(4).textContent()) ?? "");
    expect.soft(totalFen, "total of the 2027-01 run on /billing").toBeGreaterThan(5_000_000);
  });

  // 3. A payment of what 1栋-0101 owes, then a refused overpayment.
  let paymentFen = 0;
  await test.step("record a payment; refuse an overpayment", async () => {
    await page.goto("/billing/arrears?by=unit&asOf=2027-01-31");
    const link = page.getByRole("link", { name: "1栋-0101", exact: true });
    await expect(link).toBeVisible();
    await link.click();
    await expect(page).toHaveURL(/\/billing\/units\/\d+$/);
    const accountUrl = page.url();
    await expect(page.getByRole("heading", { level: 1, name: "房屋账户 1栋-0101" })).toBeVisible();
    const newBill = page.locator("main table").first().locator("tbody tr").filter({ has: page.locator("td", { hasText: /^2027-01~/ }) });
    await expect(newBill).toHaveCount(1);
    const owedText = (await page.locator("dl.facts dt:has-text('欠费') + dd").textContent())?.trim() ?? "";
    paymentFen = parseFen(owedText);
    expect(paymentFen).toBeGreaterThan(0);
    expect(paymentFen).toBeGreaterThanOrEqual(parseFen((await newBill.locator("td").nth(4).textContent()) ?? ""));

    const pay = async (amountFen: number, reference: string) => {
      await page.goto("/billing/payments/new");
      const form = page.locator("main form");
      await form.getByLabel("楼栋").selectOption("1栋");
      await form.getByLabel("房号").fill("0101");
      await form.getByLabel("金额（元）", { exact: true }).fill(decimal(amountFen));
      await form.getByLabel("收款日期").fill("2027-01-10");
      await form.getByLabel("方式").selectOption("bank");
      await form.getByLabel(/^凭证号/).fill(reference);
      await expect(form.getByLabel("超出欠费部分作为预收物业费")).not.toBeChecked();
      await form.getByRole("button", { name: "登记收款" }).click();
    };
    await pay(paymentFen, PAYMENT_REF);
    await expect(page).toHaveURL(accountUrl);
    await expect(page.locator("dl.facts dt:has-text('欠费') + dd")).toHaveText("¥0.00");
    const payments = page.locator("main table").nth(1).locator("tbody tr").filter({ hasText: PAYMENT_REF });
    await expect(payments).toHaveCount(1);
    await expect(payments.locator("td")).toHaveText(["2027-01-10", formatFen(paymentFen), "银行转账", PAYMENT_REF]);

    // Larger than owed (now nothing), without the prepayment box: refused, nothing written.
    await pay(10_000, OVERPAYMENT_REF);
    await expect(page.locator("main form [role=alert]")).toHaveText(
      "收款超过欠费（该房屋共欠 ¥0.00）。如需将多出部分作为预收物业费，请勾选“超出欠费部分作为预收物业费”。",
    );
    await expect(page).toHaveURL(/\/billing\/payments\/new$/);
    await page.goto(accountUrl);
    await expect(page.locator("main").getByText(OVERPAYMENT_REF)).toHaveCount(0);
    await expect(page.locator("dl.facts dt:has-text('预收余额') + dd")).toHaveText(/^¥/);
    await expect(page.locator("dl.facts dt:has-text('欠费') + dd")).toHaveText("¥0.00");
  });

  // 4. Advertising income, split 50/50 by the 2025 rule, with a PDF.
  await test.step("record advertising income with a PDF attachment", async () => {
    await page.goto("/income/new");
    const form = page.locator("main form");
    await form.getByLabel("收入类型").selectOption("advertising");
    await form.getByLabel("收款日期").fill("2027-01-15");
    await form.getByLabel("金额（元）", { exact: true }).fill(decimal(AD_FEN));
    await form.getByLabel("付款方", { exact: true }).fill("明远广告传媒有限公司");
    await expect(form.getByLabel(/^付款方是个人/)).not.toBeChecked();
    await form.getByLabel("合同或收据编号").fill(AD_REF);
    await form.locator('input[type="file"][name="attachment"]').setInputFiles({
      name: "ad-contract.pdf", mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1"),
    });
    await form.getByRole("button", { name: "登记收入" }).click();
    await expect(page).toHaveURL(/\/income\?highlight=\d+/);
    const row = page.locator("main table tbody tr").filter({ hasText: AD_REF });
    await expect(row).toHaveCount(1);
    await expect(row.locator("td")).toHaveText([
      "2027-01-15", "广告收入", formatFen(AD_FEN), formatFen(AD_HALF_FEN), formatFen(AD_HALF_FEN), "—", "明远广告传媒有限公司", AD_REF, "ad-contract.pdf",
    ]);
  });

  // 5. The bank's statement of these two credits, GBK, with a title line and running balances.
  await test.step("import a GBK bank statement and match it", async () => {
    const afterPayment = atYearEnd + paymentFen;
    const afterAd = afterPayment + AD_HALF_FEN;
    const csv = [
      "中国建设银行 单位账户交易明细（共管账户）",
      "交易日期,摘要,对方户名,流水号,借方发生额,贷方发生额,余额",
      `2027-01-10,物业费 1栋-0101 ${PAYMENT_REF},业主,${PAYMENT_REF},,${decimal(paymentFen)},${decimal(afterPayment)}`,
      `2027-01-15,广告收入 ${AD_REF},明远广告传媒有限公司,BK20270115001,,${decimal(AD_HALF_FEN)},${decimal(afterAd)}`,
      "",
    ].join("\r\n");
    await page.goto("/bank/import");
    await page.locator("#statement").setInputFiles({ name: "ccb-2027-01.csv", mimeType: "text/csv", buffer: Buffer.from(encodeGb18030(csv)) });
    await page.getByRole("button", { name: "上传并预览" }).click();
    await expect(page).toHaveURL(/\/bank\/import\?file=[0-9a-f]{64}/);
    await expect(page.getByText(/^编码：(GBK|GB18030|gbk|gb18030)/i)).toBeVisible();
    await expect(page.locator("table.sample tr.header-row th[scope=col]").first()).toHaveText("交易日期");

    const form = page.locator("form#bank-import");
    await form.getByLabel("账簿").selectOption("cogoverned");
    await form.getByLabel("日期列").selectOption("交易日期");
    await form.getByLabel(/^金额列/).selectOption("");
    await form.getByLabel(/^借方/).selectOption("借方发生额");
    await form.getByLabel(/^贷方/).selectOption("贷方发生额");
    await form.getByLabel("余额列").selectOption("余额");
    await form.getByLabel("摘要/用途列").selectOption("摘要");
    await form.getByLabel("流水号/凭证号列").selectOption("流水号");
    await form.getByLabel("对方户名列").selectOption("对方户名");
    await form.getByRole("button", { name: "导入", exact: true }).click();
    await expect(page).toHaveURL(/\/bank\?book=cogoverned&newCount=2/);
    await expect(page.getByRole("status")).toHaveText("已导入 2 条新流水，另有 0 条此前已导入。");

    await expect(page.locator("main").getByText(PAYMENT_REF, { exact: false }).first()).toBeVisible();
    await page.getByRole("button", { name: "自动匹配" }).click();
    await expect(page).toHaveURL(/matched=\d+/);
    await expect(page.getByRole("status")).toHaveText(/^自动匹配了 \d+ 条。$/);
    const matchedCount = Number(/matched=(\d+)/.exec(page.url())![1]);
    expect(matchedCount).toBeGreaterThanOrEqual(2);

    // Neither line nor entry is left unmatched; both lines appear among the matched lines.
    const unmatchedLines = tableAfter(page, "未匹配的银行流水");
    const unmatchedEntries = tableAfter(page, "未匹配的账簿凭证");
    await expect(unmatchedLines.filter({ hasText: /2027-01-1[05]/ })).toHaveCount(0);
    await expect(unmatchedEntries.filter({ hasText: /2027-01-1[05]/ })).toHaveCount(0);
    for (const [date, fen] of [["2027-01-10", paymentFen], ["2027-01-15", AD_HALF_FEN]] as const) {
      const matchedRow = tableAfter(page, "已匹配的银行流水").filter({ has: page.locator("td", { hasText: date }) });
      await expect(matchedRow).toHaveCount(1);
      await expect(matchedRow.locator("td").nth(1)).toHaveText(formatFen(fen));
      await expect(matchedRow.locator("td").nth(3)).toHaveText(/^#\d+ \(自动\)$/);
    }
    // The statement's closing balances agree with the ledger: no alarm for these dates.
    const checks = tableAfter(page, "余额核对");
    for (const [date, fen] of [["2027-01-10", afterPayment], ["2027-01-15", afterAd]] as const) {
      const check = checks.filter({ has: page.locator("td", { hasText: new RegExp(`^${date}$`) }) });
      await expect(check).toHaveCount(1);
      await expect(check.locator("td")).toHaveText([date, /^bank_import:\d+$/, formatFen(fen), formatFen(fen), "¥0.00", "相符"]);
    }
    await expect(page.getByRole("alert").filter({ hasText: /2027-01-1[05]/ })).toHaveCount(0);
  });

  // 6. The ledger now shows both receipts.
  const after = before + paymentFen + AD_HALF_FEN;
  let paymentEntryUrl = "";
  await test.step("the ledger shows the receipts, their entries and audit events", async () => {
    expect(await cogovernedBankBalance(page, "2027-03-31")).toBe(after);
    await expect(page.getByRole("alert").filter({ hasText: /2027-01-1[05]/ })).toHaveCount(0);

    const rows = await januaryBankRows(page);
    await expect(rows).toHaveCount(2);
    const paymentRow = rows.filter({ hasText: PAYMENT_REF });
    const incomeRow = rows.filter({ hasText: AD_REF });
    await expect(paymentRow.locator("td")).toHaveText(["2027-01-10", /^#\d+$/, /^1002 /, new RegExp(PAYMENT_REF), "收款", formatFen(paymentFen), ""]);
    await expect(incomeRow.locator("td")).toHaveText(["2027-01-15", /^#\d+$/, /^1002 /, new RegExp(AD_REF), "其他收入", formatFen(AD_HALF_FEN), ""]);
    await expect(page.locator("p.totals")).toContainText(`借方 ${formatFen(paymentFen + AD_HALF_FEN)}`);

    await paymentRow.getByRole("link", { name: /^#\d+$/ }).click();
    await expect(page).toHaveURL(/\/ledger\/entries\/\d+$/);
    paymentEntryUrl = new URL(page.url()).pathname;
    await expect(page.getByRole("heading", { level: 1, name: /^凭证 #\d+$/ })).toBeVisible();
    const postings = page.locator("h2", { hasText: "分录" }).locator("xpath=following-sibling::table[1]").locator("tbody tr");
    expect(await postings.count()).toBeGreaterThanOrEqual(2);
    const bankPosting = postings.filter({ has: page.locator("td", { hasText: /^1002 / }) });
    await expect(bankPosting).toHaveCount(1);
    await expect(bankPosting.locator("td")).toHaveText(["共管账户", /^1002 /, /.*/, formatFen(paymentFen), ""]);
    // Debits equal credits.
    let debit = 0;
    let credit = 0;
    for (const cells of await postings.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")))) {
      if (cells[3]) debit += parseFen(cells[3]);
      if (cells[4]) credit += parseFen(cells[4]);
    }
    expect(debit).toBe(credit);
    const trail = page.locator("ul.trail li");
    expect(await trail.count()).toBeGreaterThanOrEqual(1);
    await expect(trail.first()).toContainText("执行");
    await expect(trail.first().locator("code")).toHaveText(/^[0-9a-f]{16,}$/);
  });

  // 7. The committee reads the same figures, and cannot record anything.
  await test.step("the director reads the same figures but cannot record", async () => {
    const director = await newContextPage(browser, "director");
    expect(await cogovernedBankBalance(director, "2027-03-31")).toBe(after);

    const rows = await januaryBankRows(director);
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: PAYMENT_REF }).locator("td").nth(5)).toHaveText(formatFen(paymentFen));
    await expect(rows.filter({ hasText: AD_REF }).locator("td").nth(5)).toHaveText(formatFen(AD_HALF_FEN));
    await expect(director.getByRole("link", { name: "录入记账凭证" })).toHaveCount(0);

    await director.goto(paymentEntryUrl);
    await expect(director.getByRole("heading", { level: 1, name: /^凭证 #\d+$/ })).toBeVisible();
    await expect(director.getByRole("button", { name: "冲销" })).toHaveCount(0);

    await director.goto("/billing");
    await expect(director.getByRole("heading", { level: 1, name: "物业费概览" })).toBeVisible();
    await expect(director.locator("main table tbody tr").filter({ has: director.locator("td", { hasText: /^2027-01/ }) })).toHaveCount(1);
    await expect(director.getByRole("link", { name: "生成账单" })).toHaveCount(0);
    await expect(director.getByRole("link", { name: "登记收款" })).toHaveCount(0);

    await director.goto("/bank?book=cogoverned");
    await expect(director.getByRole("heading", { level: 1, name: "银行对账" })).toBeVisible();
    await expect(director.getByRole("button", { name: "自动匹配" })).toHaveCount(0);
    await expect(director.getByRole("link", { name: "导入银行流水" })).toHaveCount(0);
    await expect(director.getByRole("button", { name: "录入银行对账单余额" })).toHaveCount(0);
    const matched = tableAfter(director, "已匹配的银行流水");
    await expect(matched.filter({ has: director.locator("td", { hasText: "2027-01-10" }) }).locator("td").nth(1)).toHaveText(formatFen(paymentFen));
    await expect(director.getByRole("alert").filter({ hasText: /2027-01-1[05]/ })).toHaveCount(0);

    await director.goto("/income");
    await expect(director.getByRole("link", { name: "登记收入" })).toHaveCount(0);

    const origin = new URL(director.url()).origin;
    const response = await director.request.post("/billing/payments/new", {
      headers: { Origin: origin },
      form: { building: "1栋", number: "0101", amount: "1.00", receivedOn: "2027-01-11", method: "cash", reference: "E2E-PAY-DIRECTOR" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    await director.context().close();

    // Nothing was recorded by the refused POST.
    await page.goto("/billing/payments?from=2027-01-01&to=2027-01-31");
    await expect(page.locator("main").getByText("E2E-PAY-DIRECTOR")).toHaveCount(0);
  });

  // 8. The auditor downloads the month's co-managed ledger as CSV.
  await test.step("the auditor exports the ledger as CSV", async () => {
    const auditor = await newContextPage(browser, "auditor");
    const response = await auditor.request.get("/ledger/export.csv?book=cogoverned&from=2027-01-01&to=2027-01-31");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^text\/csv/);
    expect(response.headers()["content-disposition"]).toContain('attachment; filename="ledger-cogoverned-2027-01-01-2027-01-31.csv"');
    const body = await response.text();
    expect(body).toContain(PAYMENT_REF);
    expect(body).toContain(AD_REF);
    expect(body).not.toContain("2026-12-31");

    // The same file, through the page's own download link.
    await auditor.goto("/ledger?book=cogoverned&from=2027-01-01&to=2027-01-31");
    const [download] = await Promise.all([
      auditor.waitForEvent("download"),
      auditor.getByRole("link", { name: "下载 CSV（全部筛选结果）" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("ledger-cogoverned-2027-01-01-2027-01-31.csv");
    const path = await download.path();
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(path, "utf8")).toContain(PAYMENT_REF);
    await auditor.context().close();
  });

  await page.context().close();
});
