/** Exports and the audit bundle for auditors. */
export const exportsZh = {
  title: "",
};
