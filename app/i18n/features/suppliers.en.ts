import type { Strings } from "../strings";
import type { suppliersZh } from "./suppliers.zh-CN";

export const suppliersEn: Strings<typeof suppliersZh> = {
  title: "",
};
