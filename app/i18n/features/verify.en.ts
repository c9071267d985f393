import type { Strings } from "../strings";
import type { verifyZh } from "./verify.zh-CN";

export const verifyEn: Strings<typeof verifyZh> = {
  title: "",
};
