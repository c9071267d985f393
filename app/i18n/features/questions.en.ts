import type { Strings } from "../strings";
import type { questionsZh } from "./questions.zh-CN";

export const questionsEn: Strings<typeof questionsZh> = {
  title: "",
};
