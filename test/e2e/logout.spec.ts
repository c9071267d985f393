import { expect, test } from "@playwright/test";
import { Header, login } from "./helpers";

test("logging out ends the session on the server, not only in the browser", async ({ page, browser }) => {
  await login(page, "owner");
  await expect(page).toHaveURL(/\/me$/);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "mz_session");
  expect(session, "the session cookie after login").toBeDefined();

  await new Header(page).logout();
  await page.goto("/me");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fme$/);

  // A copy of the old cookie, replayed from a fresh browser context.
  const replay = await browser.newContext();
  try {
    await replay.addCookies([session!]);
    const other = await replay.newPage();
    await other.goto("/me");
    await expect(other).toHaveURL(/\/login\?redirectTo=%2Fme$/);
  } finally {
    await replay.close();
  }
});

test("the old session cookie still works before logout (control)", async ({ page, browser }) => {
  await login(page, "owner");
  const session = (await page.context().cookies()).find((c) => c.name === "mz_session");
  const replay = await browser.newContext();
  try {
    await replay.addCookies([session!]);
    const other = await replay.newPage();
    await other.goto("/me");
    await expect(other).toHaveURL(/\/me$/);
  } finally {
    await replay.close();
  }
});
