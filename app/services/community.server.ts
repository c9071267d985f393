import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/connection";
import { community } from "~db/schema";
import { communitySettingsSchema, DEFAULT_SETTINGS, type CommunityForm, type CommunitySettings } from "~/domain/community-settings";
import { DomainError } from "~/domain/errors";
import type { Actor } from "./audit.server";
import { rowViews } from "./audit-rows.server";
import { auditedWrite } from "./audited-write.server";
import { seedChart } from "./ledger/entries.server";

export interface Community {
  name: string;
  address: string;
  settings: CommunitySettings;
  isDemo: boolean;
}

export function getCommunity(db: Db | Tx): Community | null {
  const row = db.select().from(community).where(eq(community.id, 1)).get();
  if (!row) return null;
  return { name: row.name, address: row.address, isDemo: row.isDemo, settings: communitySettingsSchema.parse(JSON.parse(row.settings)) };
}

/** Creates the community of this database; there is exactly one. */
export function createCommunity(db: Db, input: CommunityForm & { isDemo?: boolean }, actor: Actor) {
  return auditedWrite(db, { actor, action: "community.create" }, (tx, seq) => {
    if (tx.select({ id: community.id }).from(community).get()) throw new DomainError("errors.communityExists", { status: 409 });
    const row = tx
      .insert(community)
      .values({ id: 1, name: input.name, address: input.address, settings: settingsJson(input, DEFAULT_SETTINGS), isDemo: input.isDemo ?? false, auditSeq: seq })
      .returning()
      .get();
    // The chart of accounts comes with the community (DESIGN.md §5).
    return { result: {}, subject: "community:1", rows: { community: [rowViews.community(row)], accounts: seedChart(tx, seq) } };
  });
}

export function updateCommunity(db: Db, input: CommunityForm, actor: Actor) {
  return auditedWrite(db, { actor, action: "community.update" }, (tx, seq) => {
    const before = tx.select({ settings: community.settings }).from(community).where(eq(community.id, 1)).get();
    const current = before ? communitySettingsSchema.parse(JSON.parse(before.settings)) : DEFAULT_SETTINGS;
    const row = tx
      .update(community)
      .set({ name: input.name, address: input.address, settings: settingsJson(input, current), auditSeq: seq })
      .where(eq(community.id, 1))
      .returning()
      .get();
    if (!row) throw new DomainError("errors.noCommunity", { status: 404 });
    return { result: {}, subject: "community:1", rows: { community: [rowViews.community(row)] } };
  });
}

/** The settings to store: a field the caller leaves out keeps its current (or default) value. */
function settingsJson(input: CommunityForm, current: CommunitySettings): string {
  const settings: CommunitySettings = {
    billingPeriod: input.billingPeriod,
    postingMinDays: input.postingMinDays,
    statementsPublic: input.statementsPublic ?? current.statementsPublic,
    answerDueDays: input.answerDueDays ?? current.answerDueDays,
    maintenanceFundMinPercent: input.maintenanceFundMinPercent ?? current.maintenanceFundMinPercent,
  };
  return JSON.stringify(settings);
}

/** The community, for a service that cannot go on without it (inside a transaction too). */
export function requireCommunity(db: Db | Tx): Community {
  const found = getCommunity(db);
  if (!found) throw new DomainError("errors.noCommunity", { status: 404 });
  return found;
}
