import type { Strings } from "../strings";
import type { billingZh } from "./billing.zh-CN";

export const billingEn: Strings<typeof billingZh> = {
  title: "billing",
};
