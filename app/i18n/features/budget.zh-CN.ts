export const budgetZh = {
  title: "",
} as const;
