import { expect, test } from "@playwright/test";
import { NAV_ITEMS, navFor } from "../../app/domain/roles";
import { DEMO_USERS, Header, login } from "./helpers";

for (const [loginName, { roles, home }] of Object.entries(DEMO_USERS)) {
  test(`${loginName} lands on ${home} and sees only the ${roles.join("+")} navigation`, async ({ page }) => {
    await login(page, loginName);
    await expect(page).toHaveURL(new RegExp(`${home}$`));

    const expected = navFor(roles).map((item) => item.to);
    const header = new Header(page);
    await expect(header.nav).toBeVisible();
    const hrefs = await header.navHrefs();
    expect(new Set(hrefs)).toEqual(new Set(expected));
    expect(hrefs).toHaveLength(expected.length);

    const others = NAV_ITEMS.map((item) => item.to).filter((to) => !expected.includes(to));
    expect(others.length).toBeGreaterThan(0);
    for (const to of others) {
      await expect(header.nav.locator(`a[href="${to}"]`)).toHaveCount(0);
    }
  });
}
