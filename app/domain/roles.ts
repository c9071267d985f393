import { z } from "zod";

export const ROLES = ["admin", "manager", "committee", "owner", "auditor"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** Roles are kept sorted and unique, so equal sets compare equal in the chain. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

export function hasAnyRole(userRoles: readonly Role[], allowed: readonly Role[]): boolean {
  return userRoles.some((role) => allowed.includes(role));
}

export type NavItem = { to: string; labelKey: string; roles: readonly Role[] };

/**
 * Navigation per role. Hiding a link is for convenience only: every loader
 * and action checks the role again on the server (DESIGN.md §2).
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: "/admin", labelKey: "nav.admin", roles: ["admin"] },
  { to: "/admin/units", labelKey: "nav.units", roles: ["admin"] },
  { to: "/admin/owners", labelKey: "nav.owners", roles: ["admin"] },
  { to: "/admin/users", labelKey: "nav.users", roles: ["admin"] },
  { to: "/admin/import", labelKey: "nav.import", roles: ["admin"] },
  { to: "/admin/notifications", labelKey: "nav.notifications", roles: ["admin"] },
  { to: "/manager", labelKey: "nav.manager", roles: ["manager"] },
  { to: "/register", labelKey: "nav.register", roles: ["manager", "committee", "auditor"] },
  { to: "/ledger", labelKey: "nav.ledger", roles: ["manager", "committee", "auditor"] },
  { to: "/ledger/balances", labelKey: "nav.balances", roles: ["manager", "committee", "auditor"] },
  { to: "/billing", labelKey: "nav.billing", roles: ["manager", "committee", "auditor"] },
  { to: "/income", labelKey: "nav.income", roles: ["manager", "committee", "auditor"] },
  { to: "/remuneration", labelKey: "nav.remuneration", roles: ["manager", "committee", "auditor"] },
  { to: "/bank", labelKey: "nav.bank", roles: ["manager", "committee", "auditor"] },
  { to: "/spending", labelKey: "nav.spending", roles: ["manager", "committee", "auditor"] },
  { to: "/budget", labelKey: "nav.budget", roles: ["manager", "committee", "auditor"] },
  { to: "/suppliers", labelKey: "nav.suppliers", roles: ["manager", "committee", "auditor"] },
  { to: "/statements", labelKey: "nav.statements", roles: ["owner", "manager", "committee", "auditor"] },
  { to: "/statements/drafts", labelKey: "nav.statementDrafts", roles: ["manager", "committee", "auditor"] },
  { to: "/questions", labelKey: "nav.questions", roles: ["manager", "committee", "auditor"] },
  { to: "/decisions", labelKey: "nav.decisions", roles: ["owner", "manager", "committee", "auditor"] },
  { to: "/ballots", labelKey: "nav.ballots", roles: ["owner", "committee", "auditor"] },
  { to: "/public-revenue", labelKey: "nav.publicRevenue", roles: ["manager", "committee", "auditor"] },
  { to: "/committee", labelKey: "nav.committee", roles: ["committee"] },
  { to: "/waiting", labelKey: "nav.waiting", roles: ["committee"] },
  { to: "/account-changes", labelKey: "nav.accountChanges", roles: ["committee", "auditor", "admin"] },
  { to: "/auditor", labelKey: "nav.auditor", roles: ["auditor"] },
  { to: "/me", labelKey: "nav.me", roles: ["owner"] },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => hasAnyRole(roles, item.roles));
}

/** Where a user lands after login: the first page of their most specific role. */
export function homePathFor(roles: readonly Role[]): string {
  const order: [Role, string][] = [
    ["admin", "/admin"],
    ["manager", "/manager"],
    ["committee", "/committee"],
    ["auditor", "/auditor"],
    ["owner", "/me"],
  ];
  return order.find(([role]) => roles.includes(role))?.[1] ?? "/account/password";
}
