import type { Strings } from "../strings";
import type { publishingZh } from "./publishing.zh-CN";

export const publishingEn: Strings<typeof publishingZh> = {
  title: "",
};
