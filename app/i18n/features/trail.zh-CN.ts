/** The auditor's trail workspace. */
export const trailZh = {
  title: "",
};
