/** The printed notice and the downloads. */
export const statementPrintZh = {
  title: "",
};
