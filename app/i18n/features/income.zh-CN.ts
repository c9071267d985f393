/** Strings of the income pages (owned by the income feature). */
export const incomeZh = {
  title: "income",
} as const;
