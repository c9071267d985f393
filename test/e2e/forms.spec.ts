import { expect, test, type Page } from "@playwright/test";
import { LoginPage, login } from "./helpers";

/** /admin/units/new (app/components/UnitForm.tsx). */
class NewUnitPage {
  constructor(readonly page: Page) {}
  form = () => this.page.locator("main form");
  building = () => this.form().locator('input[name="building"]');
  number = () => this.form().locator('input[name="number"]');
  area = () => this.form().locator('input[name="area"]');
  kind = () => this.form().locator('select[name="kind"]');
  owner = () => this.form().locator('select[name="ownerId"]');

  async goto() {
    await this.page.goto("/admin/units/new");
    await expect(this.page.getByRole("heading", { level: 1, name: "新增房屋" })).toBeVisible();
  }

  async fill(unit: { building: string; number: string; area: string }) {
    await this.building().fill(unit.building);
    await this.number().fill(unit.number);
    await this.area().fill(unit.area);
    await this.kind().selectOption("residential");
    // The first real owner (option 0 is "—"): a person from the demo register.
    const second = this.owner().locator("option").nth(1);
    const value = await second.getAttribute("value");
    expect(value).toMatch(/^\d+$/);
    await this.owner().selectOption(value!);
    return (await second.textContent())!.replace(/\s*\(#\d+\)$/, "");
  }

  async submit() {
    await this.form().getByRole("button", { name: "创建" }).click();
  }
}

/** The rows of /admin/units for one building. */
async function unitsOfBuilding(page: Page, building: string) {
  await page.goto(`/admin/units?building=${encodeURIComponent(building)}`);
  return page.locator("main table.data-table tbody tr");
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the admin logs in and creates a unit, and a bad area is refused next to the field", async ({ page }) => {
    await login(page, "admin");
    await expect(page).toHaveURL(/\/admin$/);

    const building = "8栋";
    await expect(await unitsOfBuilding(page, building)).toHaveCount(0);

    // A bad area: the server answers with the message bound to the field.
    const form = new NewUnitPage(page);
    await form.goto();
    await form.fill({ building, number: "0101", area: "12.345" });
    await form.submit();
    await expect(page).toHaveURL(/\/admin\/units\/new$/);
    const describedBy = await form.area().getAttribute("aria-describedby");
    expect(describedBy).toBeTruthy();
    await expect(form.area()).toHaveAttribute("aria-invalid", "true");
    const errorIds = describedBy!.split(/\s+/);
    const messages = await Promise.all(errorIds.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(messages.join(" ")).toContain("面积最多两位小数。");
    // The error sits in the area field's own block.
    await expect(page.locator("main .field", { has: page.locator('input[name="area"]') }).locator(".field-errors")).toHaveText("面积最多两位小数。");
    await expect(await unitsOfBuilding(page, building)).toHaveCount(0);

    // A good one is created and listed.
    await form.goto();
    const ownerName = await form.fill({ building, number: "0101", area: "88.50" });
    await form.submit();
    await expect(page).toHaveURL(/\/admin\/units\/\d+$/);
    const rows = await unitsOfBuilding(page, building);
    await expect(rows).toHaveCount(1);
    await expect(rows.first().locator("td")).toHaveText([building, "0101", "88.50", "住宅", ownerName]);
  });
});

test("a wrong password is refused with a message", async ({ page }) => {
  const loginPage = new LoginPage(page);
  await loginPage.goto();
  await loginPage.submit("owner2", "not-the-password");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator("main .form-errors")).toHaveText("登录名或密码不正确。");
  // Still on the login form, ready for another try.
  await expect(page.getByLabel("登录名", { exact: true })).toHaveValue("owner2");
});
