/** The public verification page. */
export const verifyZh = {
  title: "",
};
