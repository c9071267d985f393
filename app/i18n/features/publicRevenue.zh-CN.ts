/** The public-revenue account's rules: the maintenance fund's share and its transfers (/public-revenue). */
export const publicRevenueZh = {
  title: "公共收益账户规则",
  intro: "公共收益属于全体业主（民法典第 282 条），除业主共同决定外主要用于补充专项维修资金（住宅专项维修资金管理办法第 25 条）。每季度结束后按业主决定的比例计算并划转。",
  decisions: "业主共同决定",
  balance: "公共收益账户银行余额（截至 {{date}}）：{{amount}}",
  rules: {
    title: "转入专项维修资金的比例",
    inForce: "现行比例：{{percent}}%（自 {{from}} 起）。",
    noneInForce: "尚无业主决定的比例：公共收益全部转入专项维修资金。",
    floor: "本小区设定的最低比例：{{floor}}%。",
    percent: "比例（%）", percentHint: "0–100，最多两位小数，不得低于 {{floor}}%。",
    effectiveFrom: "生效日期", decision: "依据的业主共同决定", chooseDecision: "（请选择已通过的决定）",
    set: "登记新比例",
  },
  quarters: {
    title: "各季度应转入专项维修资金",
    hint: "基数为季度内公共收益账户收到的收入（含利息），扣除有凭证的管理成本；按收款日适用的比例计算，四舍五入到分。",
    none: "还没有已结束季度的公共收益。",
    period: "季度", base: "基数", percent: "比例", share: "应转金额", booked: "划转情况",
    paidOn: "划转日期", bankReference: "银行流水号", book: "登记划转", entry: "记账凭证", notBooked: "未划转",
  },
  floor: {
    label: "公共收益转入专项维修资金的最低比例（%）",
    hint: "部分城市要求不低于 50%；业主决定的比例低于此值时不能登记。",
  },
  errors: {
    decisionRequired: "请选择依据的业主共同决定。",
    belowFloor: "比例 {{percent}}% 低于本小区设定的最低比例 {{floor}}%。",
    ruleExists: "该日期已有一条比例规则。",
    floorInvalid: "最低比例须为 0 到 100 之间的数字，最多两位小数。",
    period: "季度格式应为 2026Q3。",
    bankReferenceRequired: "请填写银行流水号。",
    notEnded: "{{period}} 尚未结束：划转日期不得早于 {{end}}。",
    alreadyBooked: "{{period}} 的划转已经登记，不能重复登记。",
  },
};
