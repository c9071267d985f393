import type { Strings } from "../strings";
import type { approvalsZh } from "./approvals.zh-CN";

export const approvalsEn: Strings<typeof approvalsZh> = {
  title: "",
};
