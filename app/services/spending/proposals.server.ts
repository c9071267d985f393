/** 支出方案 up to the vote: every use case, one import for the routes, demo data and tests. */
export { draftProposal, updateDraft, attachToProposal, attachToProposalWithUpload, openQuoting, closeQuoting, reopenQuoting, withdrawProposal } from "./proposal-drafts.server";
export { addQuote, addQuoteWithUpload, type QuoteInput } from "./quotes.server";
export { scoreQuote, submitProposal, comparisonFor, prospectiveVoters, SelectionRefused } from "./selection.server";
export { listProposals, getProposalDetail, proposalDecision, PROPOSAL_PAGE_SIZE, type ProposalDetail } from "./proposal-detail.server";
export { citableDecisions, type CitableDecision } from "../decisions/usage.server";
export { proposeRulesChange, rulesOverview } from "./rules.server";
