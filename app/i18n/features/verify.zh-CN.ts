/** The public verification page /verify, and the verification code on the printed notice. */
export const verifyZh = {
  title: "核验公示",
  intro: "公告栏上的每份公示都印有它的 SHA-256 哈希。输入（或扫码打开）这个哈希，可以查到它是不是本小区已发布的公示，以及它发布时记录的审计链链头今天是否仍在审计链中。无需登录。",
  label: "公示哈希或公示网址",
  hint: "64 位十六进制数字（0–9、a–f），大小写均可；也可以粘贴一份公示的网址。",
  submit: "核验",
  found: "这是本小区已发布的公示：{{period}}，第 {{revision}} 版{{which}}，发布于 {{publishedAt}}。",
  latest: "（最新）",
  superseded: "（已有更正后的新版本）",
  open: "查看这份公示",
  hash: "哈希",
  headOk: "审计链在该公示发布时的链头 #{{seq}} {{hash}} 仍在今天的审计链中 ✓",
  headMissing: "警告：该公示发布时记录的审计链链头 #{{seq}} {{hash}} 已不在今天的审计链中。公示发布前的历史可能已被改写，请告知业委会和审计人员。",
  notFound: "未找到：这不是本小区已发布的公示哈希。",
  whole: "要核验整条审计链，审计人员可下载审计链文件，运行",
  errors: {
    badHash: "请输入 64 位十六进制的 SHA-256 哈希（0–9、a–f），或一份公示的网址。",
  },
  print: {
    qrLabel: "扫码核验本公示的哈希",
    hint: "扫码或打开此网址，核验本公示的哈希：",
  },
} as const;
