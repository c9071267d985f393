import { expect, type Browser, type Page } from "@playwright/test";
import type { Role } from "../../app/domain/roles";

/** Every demo account shares this password (app/services/demo.server.ts). */
export const DEMO_PASSWORD = "mingzhang-demo";

/** Demo logins with their roles and home page (DEMO_LOGINS, homePathFor). */
export const DEMO_USERS = {
  admin: { roles: ["admin"], home: "/admin" },
  manager: { roles: ["manager"], home: "/manager" },
  director: { roles: ["committee", "owner"], home: "/committee" },
  auditor: { roles: ["auditor"], home: "/auditor" },
  owner: { roles: ["owner"], home: "/me" },
} as const satisfies Record<string, { roles: readonly Role[]; home: string }>;

/** The login page: works in either language, with or without JavaScript. */
export class LoginPage {
  constructor(readonly page: Page) {}

  async goto(path = "/login") {
    await this.page.goto(path);
  }

  async submit(login: string, password: string) {
    const form = this.page.locator("main form");
    await form.locator('input[name="login"]').fill(login);
    await form.locator('input[name="password"]').fill(password);
    await form.locator('button[type="submit"]').click();
  }
}

/** Logs in from /login and waits until the app has left the login page. */
export async function login(page: Page, loginName: string, password = DEMO_PASSWORD): Promise<void> {
  const loginPage = new LoginPage(page);
  await loginPage.goto();
  await loginPage.submit(loginName, password);
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

/** The header: navigation, language switch and logout. */
export class Header {
  constructor(readonly page: Page) {}

  get nav() {
    return this.page.locator("header.site-header nav");
  }

  async navHrefs(): Promise<string[]> {
    return this.nav.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  }

  async logout() {
    await this.page.locator("header.site-header").getByRole("button", { name: /^(退出登录|Sign out)$/ }).click();
    await expect(this.page).toHaveURL(/\/login$/);
  }

  languageButton(name: "English" | "中文") {
    return this.page.locator("header.site-header").getByRole("button", { name, exact: true });
  }
}

/** A path without origin, for comparing with page.url(). */
export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname;
}

/** A fresh browser context signed in as `who`; an uncaught page error fails the test. */
export async function asUser(browser: Browser, who: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (error) => { throw new Error(`page error on ${page.url()}: ${error.message}`); });
  await login(page, who);
  return page;
}

/** A minimal PDF and a 1×1 PNG, for setInputFiles. */
export function pdfUpload(name: string) {
  return { name, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1") };
}
export function pngUpload(name: string) {
  return { name, mimeType: "image/png", buffer: Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64") };
}
