import type { Strings } from "../strings";
import type { budgetZh } from "./budget.zh-CN";

export const budgetEn: Strings<typeof budgetZh> = {
  title: "",
};
