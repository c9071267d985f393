import type { Strings } from "../strings";
import type { exportsZh } from "./exports.zh-CN";

export const exportsEn: Strings<typeof exportsZh> = {
  title: "",
};
