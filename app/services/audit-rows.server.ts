import { randomBytes } from "node:crypto";
import type { community, owners, units, users } from "~db/schema";
import { sha256Hex, type JsonObject } from "~/domain/audit-chain";
import { formatArea } from "~/domain/area";

/**
 * How each history row appears in the audit chain. The same function writes
 * the event and verifies the row against it, so the two cannot drift.
 * Personal data (a person's name, phones, logins) enters the chain only as a
 * salted SHA-256 with the row's own salt (DESIGN.md §6): erasing the person's
 * data later breaks no hash.
 */
export function newPiiSalt(): string {
  return randomBytes(16).toString("hex");
}

export function piiDigest(salt: string, value: string): string {
  return sha256Hex(`${salt}\u0000${value}`);
}

type CommunityRow = typeof community.$inferSelect;
type OwnerRow = typeof owners.$inferSelect;
type UnitRow = typeof units.$inferSelect;
type UserRow = typeof users.$inferSelect;

export const rowViews = {
  community: (row: CommunityRow): JsonObject => ({
    id: row.id,
    name: row.name,
    address: row.address,
    settings: JSON.parse(row.settings) as JsonObject,
    isDemo: row.isDemo,
  }),
  owners: (row: OwnerRow): JsonObject => ({
    id: row.id,
    kind: row.kind,
    // An organisation's or the developer's name is public; a person's is not.
    name: row.kind === "person" ? null : row.name,
    nameDigest: piiDigest(row.piiSalt, row.name),
    phoneDigest: piiDigest(row.piiSalt, row.phone),
  }),
  units: (row: UnitRow): JsonObject => ({
    id: row.id,
    building: row.building,
    number: row.number,
    area: formatArea(row.areaCentiM2),
    kind: row.kind,
    ownerId: row.ownerId,
  }),
  users: (row: UserRow): JsonObject => ({
    id: row.id,
    loginDigest: piiDigest(row.piiSalt, row.login),
    displayNameDigest: piiDigest(row.piiSalt, row.displayName),
    passwordDigest: sha256Hex(row.passwordHash),
    roles: JSON.parse(row.roles) as string[],
    isDirector: row.isDirector,
    ownerId: row.ownerId,
    mustChangePassword: row.mustChangePassword,
    disabled: row.disabled,
  }),
} as const;

export type HistoryTable = keyof typeof rowViews;
export const historyTables = Object.keys(rowViews) as HistoryTable[];

/** The `rows` part of an event's data: every row the change wrote, by table. */
export type EventRows = Partial<Record<HistoryTable, JsonObject[]>>;
