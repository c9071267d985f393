import type { Strings } from "../strings";
import type { trailZh } from "./trail.zh-CN";

export const trailEn: Strings<typeof trailZh> = {
  title: "",
};
