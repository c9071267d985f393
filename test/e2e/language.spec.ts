import { expect, test } from "@playwright/test";
import { Header, LoginPage } from "./helpers";

test("Chinese by default; English sticks across pages once chosen", async ({ page }) => {
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1, name: "登录" })).toBeVisible();
  await expect(page.getByLabel("登录名")).toBeVisible();
  await expect(page.getByLabel("密码")).toBeVisible();
  await expect(page.locator("main").getByRole("button", { name: "登录" })).toBeVisible();

  const header = new Header(page);
  await header.languageButton("English").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByLabel("Login", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
  await expect(header.languageButton("中文")).toBeVisible();

  // It sticks: logging in and moving to other pages stays in English.
  await new LoginPage(page).submit("admin", "mingzhang-demo");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  await expect(header.nav.getByRole("link", { name: "Units", exact: true })).toBeVisible();

  await page.goto("/admin/users");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expect(page.locator("header.site-header").getByRole("button", { name: "Sign out" })).toBeVisible();

  // And back.
  await header.languageButton("中文").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { level: 1, name: "用户" })).toBeVisible();
});
