/** Preparing and publishing statements: drafts, approval, publication, reopening, board postings; their refusals. */
export const publishingZh = {
  title: "",
};
