export const approvalsZh = {
  title: "",
} as const;
