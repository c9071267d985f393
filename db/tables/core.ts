import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

/**
 * Append-only hash chain (DESIGN.md §6). Triggers in a custom migration abort
 * every UPDATE and DELETE. `data` holds the canonical JSON of the event data.
 */
export const auditEvents = sqliteTable("audit_events", {
  seq: integer("seq").primaryKey(),
  at: text("at").notNull(),
  actor: text("actor").notNull(),
  action: text("action").notNull(),
  subject: text("subject").notNull(),
  data: text("data").notNull(),
  prev: text("prev").notNull(),
  hash: text("hash").notNull().unique(),
}, (t) => [
  index("audit_events_subject_idx").on(t.subject),
  index("audit_events_actor_idx").on(t.actor),
  index("audit_events_action_idx").on(t.action),
  // `at` never decreases along the chain: a time range is a seq range found through this index.
  index("audit_events_at_idx").on(t.at),
]);

/**
 * One database holds one community: the row has id 1. `isDemo` marks the
 * fictitious demo community so that `npm start` refuses to serve it.
 * Every history row keeps `auditSeq`, the event that last wrote it, so that
 * verification can compare the row with the event's content.
 */
export const community = sqliteTable("community", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  address: text("address").notNull(),
  settings: text("settings").notNull(),
  isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [check("community_single_row", sql`${t.id} = 1`)]);

export const owners = sqliteTable("owners", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  kind: text("kind", { enum: ["person", "organisation", "developer"] }).notNull(),
  name: text("name").notNull(),
  phone: text("phone").notNull().default(""),
  // Per-row salt of the digests that stand for name and phone in the chain.
  piiSalt: text("pii_salt").notNull(),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [index("owners_name_idx").on(t.name)]);

export const units = sqliteTable("units", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  building: text("building").notNull(),
  number: text("number").notNull(),
  // Exclusive area in hundredths of m² (89.37 m² = 8937): exact, never a float.
  areaCentiM2: integer("area_centi_m2").notNull(),
  kind: text("kind", {
    enum: ["residential", "commercial", "developer_unsold", "developer_undelivered"],
  }).notNull(),
  ownerId: integer("owner_id").notNull().references(() => owners.id),
  auditSeq: integer("audit_seq").notNull(),
}, (t) => [
  uniqueIndex("units_building_number_idx").on(t.building, t.number),
  index("units_owner_idx").on(t.ownerId),
  check("units_area_positive", sql`${t.areaCentiM2} > 0`),
]);

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  login: text("login").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  // Sorted JSON array of roles, e.g. ["committee","owner"].
  roles: text("roles").notNull(),
  isDirector: integer("is_director", { mode: "boolean" }).notNull().default(false),
  ownerId: integer("owner_id").references(() => owners.id),
  mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
  piiSalt: text("pii_salt").notNull(),
  auditSeq: integer("audit_seq").notNull(),
});

/** Sessions are not history: deleting one is how a session ends. */
export const sessions = sqliteTable("sessions", {
  // SHA-256 of the token in the cookie, so a leaked db holds no usable token.
  idHash: text("id_hash").primaryKey(),
  userId: integer("user_id").notNull().references(() => users.id),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at").notNull(),
}, (t) => [index("sessions_user_idx").on(t.userId)]);

/** Fixed-window counters for rate limits, shared by every process. */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").notNull(),
  windowStart: text("window_start").notNull(),
  count: integer("count").notNull(),
}, (t) => [primaryKey({ columns: [t.key, t.windowStart] })]);
