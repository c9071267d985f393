/** Ledger core: books, accounts, entries, the refusals of the posting service. */
export const ledgerZh = {
  books: { cogoverned: "共管账户", public_revenue: "公共收益账户" },
  errors: {
    tooFewPostings: "一张凭证至少要有两条分录。",
    notFen: "第 {{line}} 行金额须为整数分。",
    zeroAmount: "第 {{line}} 行金额不能为 0。",
    unknownAccount: "第 {{line}} 行的科目 {{accountCode}} 不存在。",
    accountNotInBook: "第 {{line}} 行的科目 {{accountCode}} 不能用于{{book}}。",
    unbalanced: "借贷不平衡：{{book}}的分录合计为 {{sumFen}} 分，应为 0。",
    badDate: "业务日期须为有效日期（YYYY-MM-DD）。",
    memoTooLong: "摘要太长（最多 200 字）。",
    alreadyReversed: "这张凭证已经冲销过了。",
    reversalOfReversal: "冲销凭证不能再冲销；请另做一张正确的凭证。",
  },
} as const;
