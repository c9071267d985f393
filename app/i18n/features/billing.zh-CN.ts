/** Strings of the billing pages (owned by the billing feature). */
export const billingZh = {
  title: "billing",
} as const;
