import { expect, test } from "@playwright/test";
import { LoginPage, login } from "./helpers";

test.describe("access control", () => {
  for (const path of ["/committee", "/admin/users"]) {
    test(`an owner opening ${path} gets the 403 page`, async ({ page }) => {
      await login(page, "owner");
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { level: 1, name: "无权访问" })).toBeVisible();
      await expect(page).toHaveURL(new RegExp(`${path}$`));
    });
  }

  test("an anonymous visitor of /admin is sent to /login and comes back after logging in", async ({ page }) => {
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin$/);
    await new LoginPage(page).submit("admin", "mingzhang-demo");
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { level: 1, name: "系统管理" })).toBeVisible();
  });
});
