export const spendingZh = {
  title: "",
} as const;
