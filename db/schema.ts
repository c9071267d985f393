/** Every table, by responsibility: drizzle-kit reads db/tables/*.ts. */
export * from "./tables/core";
export * from "./tables/ledger";
export * from "./tables/billing";
export * from "./tables/income";
export * from "./tables/bank";
export * from "./tables/spending";
export * from "./tables/notifications";
export * from "./tables/statements";
export * from "./tables/decisions";
export * from "./tables/checkpoints";
