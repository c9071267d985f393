/** Exports and the audit bundle for auditors. */
export const exportsZh = {
  title: "导出",
  intro: "以下文件边生成边下载，数据再多也不会占满内存。日期按北京时间计算，留空表示全部。",
  from: "起始日期",
  to: "截止日期",
  download: "下载 {{format}}",
  back: "返回导出页",
  cli: "命令行：",
  kinds: {
    audit: "审计链事件",
    ledger: "账簿",
    statements: "已公示的报表",
  },
  describe: {
    audit: "每个事件一行。JSON Lines 可用 npm run audit:verify -- --file 文件 校验（完整导出从第 1 个事件校验到链头；按日期截取的片段只能校验片段内的链接）。日期指事件写入的日子。",
    ledger: "hledger / ledger-cli 可读的记账文本（journal），或每笔分录行一行的 CSV。日期指业务日期。",
    statements: "每个公示版本：JSON 保留快照原文（其 SHA-256 即报表哈希），CSV / XLSX 每个报表行一行。日期指报告期的最后一天。",
  },
  formats: {
    jsonl: "JSON Lines",
    csv: "CSV",
    xlsx: "XLSX",
    json: "JSON",
    journal: "journal",
  },
  errors: {
    badDate: "日期格式应为 YYYY-MM-DD。",
    badRange: "起始日期不能晚于截止日期。",
  },
} as const;
