import type { Strings } from "../strings";
import type { statementAdminZh } from "./statementAdmin.zh-CN";

export const statementAdminEn: Strings<typeof statementAdminZh> = {
  title: "",
};
