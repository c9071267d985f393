export const suppliersZh = {
  title: "",
} as const;
