/** The owners' portal: statement pages, tables, charts, line names, work report. */
export const statementsZh = {
  title: "",
};
