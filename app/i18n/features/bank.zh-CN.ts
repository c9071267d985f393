/** Strings of the bank pages (owned by the bank feature). */
export const bankZh = {
  title: "bank",
} as const;
