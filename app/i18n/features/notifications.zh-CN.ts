export const notificationsZh = {
  title: "",
} as const;
