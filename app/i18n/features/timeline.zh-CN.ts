export const timelineZh = {
  title: "",
} as const;
