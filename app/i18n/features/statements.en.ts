import type { Strings } from "../strings";
import type { statementsZh } from "./statements.zh-CN";

export const statementsEn: Strings<typeof statementsZh> = {
  title: "",
};
