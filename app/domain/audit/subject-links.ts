import { hasAnyRole, type Role } from "~/domain/roles";

/**
 * The page a person with `roles` can open for an audit event's subject
 * ("proposal:12" → "/spending/12"), or null when there is none for them.
 * Pure: a statement's subject is its period, so this gives the drafts list;
 * services that can look up the published revision give a better link
 * (services/audit/trail.server.ts).
 */
const READERS: readonly Role[] = ["manager", "committee", "auditor"];
const ACCOUNT_READERS: readonly Role[] = ["committee", "auditor", "admin"];

type Target = { href: (id: string) => string; roles: readonly Role[]; numeric: boolean };

const byId = (path: string): Target => ({ href: (id) => `${path}/${id}`, roles: READERS, numeric: true });
const fixed = (path: string, roles: readonly Role[] = READERS): Target => ({ href: () => path, roles, numeric: false });

const TARGETS: Record<string, Target> = {
  proposal: byId("/spending"),
  budget: byId("/budget"),
  supplier: byId("/suppliers"),
  entry: byId("/ledger/entries"),
  payment: byId("/billing/payments"),
  bill: byId("/billing/bills"),
  unit: byId("/billing/units"),
  statement: fixed("/statements/drafts"),
  rules: fixed("/spending/rules"),
  user: fixed("/account-changes", ACCOUNT_READERS),
  income: fixed("/income"),
  split_rule: fixed("/income/splits"),
  remuneration: fixed("/remuneration"),
  remuneration_rule: fixed("/remuneration"),
  fee_rate: fixed("/billing/rates"),
  bill_run: fixed("/billing"),
  bank_import: fixed("/bank"),
  bank_line: fixed("/bank"),
  bank_book: fixed("/bank"),
  bank_mapping: fixed("/bank/mappings"),
  balance_assertion: fixed("/bank"),
  decision: { href: (id) => `/decisions/${id}`, roles: ["owner", ...READERS], numeric: true },
  ballot: { href: (id) => `/ballots/${id}`, roles: ["owner", "committee", "auditor"], numeric: true },
  maintenance_fund: fixed("/public-revenue"),
  maintenance_fund_rule: fixed("/public-revenue"),
  notification_channel: { href: (id) => `/admin/notifications/${id}`, roles: ["admin"], numeric: true },
};

export function subjectHref(subject: string, roles: readonly Role[]): string | null {
  const colon = subject.indexOf(":");
  if (colon <= 0) return null;
  const kind = subject.slice(0, colon);
  const id = subject.slice(colon + 1);
  const target = Object.hasOwn(TARGETS, kind) ? TARGETS[kind] : undefined;
  if (!target || id === "") return null;
  if (target.numeric && !/^[1-9][0-9]{0,15}$/.test(id)) return null;
  if (!hasAnyRole(roles, target.roles)) return null;
  return target.href(id);
}
