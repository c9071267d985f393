import { expect, test, type Page } from "@playwright/test";
import { Header, LoginPage, login } from "./helpers";

/** /account/password (app/routes/account.password.tsx). */
class ChangePasswordPage {
  constructor(readonly page: Page) {}

  async change(current: string, next: string) {
    const form = this.page.locator("main form");
    await form.getByLabel("当前密码").fill(current);
    await form.getByLabel("新密码", { exact: true }).fill(next);
    await form.getByLabel("再次输入新密码").fill(next);
    await form.getByRole("button", { name: "修改密码" }).click();
  }
}

test("an admin reset forces a new password at the next login", async ({ page }) => {
  const temporary = "temp-Reset-2026";
  const chosen = "committee4-own-pass";

  await login(page, "admin");
  await page.goto("/admin/users");
  await page.locator("main table").getByRole("link", { name: "committee4", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/users\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("用户 committee4");

  const resetForm = page.locator("main form", { has: page.getByRole("button", { name: "重置密码" }) });
  await resetForm.getByLabel("临时密码").fill(temporary);
  await resetForm.getByRole("button", { name: "重置密码" }).click();
  await expect(page.locator("main")).toContainText("待修改密码");
  await new Header(page).logout();

  // The old password no longer works.
  const loginPage = new LoginPage(page);
  await loginPage.goto();
  await loginPage.submit("committee4", "mingzhang-demo");
  await expect(page.locator("main .form-errors")).toHaveText("登录名或密码不正确。");

  await loginPage.submit("committee4", temporary);
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByRole("status")).toHaveText("您的密码已由管理员重置，请先设置新密码。");

  // Other pages stay closed until the password is changed.
  await page.goto("/committee");
  await expect(page).toHaveURL(/\/account\/password$/);

  await new ChangePasswordPage(page).change(temporary, chosen);
  await expect(page).toHaveURL(/\/committee$/);
  await expect(page.getByRole("heading", { level: 1, name: "业委会" })).toBeVisible();

  // And the chosen password is the one that works from now on.
  await new Header(page).logout();
  await login(page, "committee4", chosen);
  await expect(page).toHaveURL(/\/committee$/);
});
