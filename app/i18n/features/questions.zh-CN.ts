/** Owners' questions 质询 on statements and their answers. */
export const questionsZh = {
  title: "",
};
