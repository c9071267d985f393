import type { Strings } from "../strings";
import type { notificationsZh } from "./notifications.zh-CN";

export const notificationsEn: Strings<typeof notificationsZh> = {
  title: "",
};
