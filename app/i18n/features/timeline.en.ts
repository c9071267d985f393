import type { Strings } from "../strings";
import type { timelineZh } from "./timeline.zh-CN";

export const timelineEn: Strings<typeof timelineZh> = {
  title: "",
};
