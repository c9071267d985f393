import type { Strings } from "../strings";
import type { spendingZh } from "./spending.zh-CN";

export const spendingEn: Strings<typeof spendingZh> = {
  title: "",
};
