import type { Strings } from "../strings";
import type { bankZh } from "./bank.zh-CN";

export const bankEn: Strings<typeof bankZh> = {
  title: "bank",
};
