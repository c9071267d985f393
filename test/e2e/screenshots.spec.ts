import { expect, test } from "@playwright/test";
import { login } from "./helpers";

// Full-page pictures for a person to check that Chinese renders (not tofu boxes).
test("screenshot of the admin home", async ({ page }) => {
  await login(page, "admin");
  await expect(page.getByRole("heading", { level: 1, name: "系统管理" })).toBeVisible();
  await page.screenshot({ path: "test-results/admin-home.png", fullPage: true });
});

test("screenshot of the owner's units", async ({ page }) => {
  await login(page, "owner");
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { level: 1, name: "我的房屋" })).toBeVisible();
  await page.screenshot({ path: "test-results/owner-me.png", fullPage: true });
});
