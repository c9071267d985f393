import type { Strings } from "../strings";
import type { incomeZh } from "./income.zh-CN";

export const incomeEn: Strings<typeof incomeZh> = {
  title: "income",
};
