import type { Strings } from "../strings";
import type { statementPrintZh } from "./statementPrint.zh-CN";

export const statementPrintEn: Strings<typeof statementPrintZh> = {
  title: "",
};
