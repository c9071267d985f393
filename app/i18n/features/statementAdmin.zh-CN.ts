/** Preparing, approving, publishing and reopening statements: the staff pages. */
export const statementAdminZh = {
  title: "",
};
