import { expect, test, type Page } from "@playwright/test";
import { Header, LoginPage } from "./helpers";

async function expectChineseLogin(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1, name: "登录" })).toBeVisible();
  await expect(page.getByLabel("登录名", { exact: true })).toBeVisible();
  await expect(page.getByLabel("密码", { exact: true })).toBeVisible();
  await expect(page.locator("main").getByRole("button", { name: "登录" })).toBeVisible();
}

async function expectEnglishLogin(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByLabel("Login", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
  await expect(page.locator("main").getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect(new Header(page).languageButton("中文")).toBeVisible();
}

/** After English was chosen: logging in and every later page stay English. */
async function expectEnglishSticks(page: Page) {
  const header = new Header(page);
  await new LoginPage(page).submit("admin", "mingzhang-demo");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  await expect(header.nav.getByRole("link", { name: "Units", exact: true })).toBeVisible();

  await page.goto("/admin/users");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expect(page.locator("header.site-header").getByRole("button", { name: "Sign out" })).toBeVisible();
}

test.describe("language", () => {
  test("the login page is Chinese by default, whatever the browser's language", async ({ page }) => {
    await page.goto("/login");
    await expectChineseLogin(page);
    await expect(new Header(page).languageButton("English")).toBeVisible();
  });

  test("clicking English switches the labels at once and it sticks across pages", async ({ page }) => {
    await page.goto("/login");
    await expectChineseLogin(page);
    await new Header(page).languageButton("English").click();
    await expect(page).toHaveURL(/\/login$/);
    await expectEnglishLogin(page);
    await expectEnglishSticks(page);

    // And back to Chinese.
    await new Header(page).languageButton("中文").click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1, name: "用户" })).toBeVisible();
  });

  test("once English is chosen, full page loads are English (the choice is kept in a cookie)", async ({ page }) => {
    await page.goto("/login");
    await new Header(page).languageButton("English").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.reload();
    await expectEnglishLogin(page);
    await expectEnglishSticks(page);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the switch is a plain form and works too", async ({ page }) => {
      await page.goto("/login");
      await expectChineseLogin(page);
      await new Header(page).languageButton("English").click();
      await expect(page).toHaveURL(/\/login$/);
      await expectEnglishLogin(page);
      await expectEnglishSticks(page);
    });
  });
});
