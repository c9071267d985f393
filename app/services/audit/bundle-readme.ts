/**
 * What the audit bundle says about itself: its README (Chinese first, then
 * English; the commands in ```sh blocks, run as they stand by the tests) and
 * the two verifier scripts shipped inside it. The scripts are plain Node
 * without dependencies, short enough to read before running them: the point
 * of the bundle is that nobody has to trust our software (DESIGN.md §6).
 */

/**
 * RFC 8785 (JCS) for the JSON an audit event holds (objects, arrays, strings,
 * integers, booleans, null; a float is refused): keys sorted by UTF-16 code
 * units — what Array#sort does — and strings and integers as JSON.stringify
 * writes them, which is what JCS specifies for them.
 */
export const VERIFY_CHAIN_MJS = `// Verifies the audit chain of a Mingzhang audit bundle (DESIGN.md §6), with Node alone:
//   node verify-chain.mjs audit.jsonl
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

// RFC 8785 canonical JSON for what events hold: objects (sorted keys), arrays, strings, integers, booleans, null.
function jcs(v) {
  if (v === null || typeof v === "boolean" || typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new Error(\`not an integer: \${v}\`);
    return String(v);
  }
  if (Array.isArray(v)) return \`[\${v.map(jcs).join(",")}]\`;
  return \`{\${Object.keys(v).sort().map((k) => \`\${JSON.stringify(k)}:\${jcs(v[k])}\`).join(",")}}\`;
}

const FIELDS = "action,actor,at,data,hash,prev,seq,subject";
const fail = (seq, why) => { console.error(\`chain BROKEN at seq \${seq}: \${why}\`); process.exit(1); };
let last = { seq: 0, at: "", hash: "0".repeat(64) };
let lineNo = 0;
for await (const line of createInterface({ input: createReadStream(process.argv[2] ?? "audit.jsonl"), crlfDelay: Infinity })) {
  lineNo += 1;
  let e;
  try { e = JSON.parse(line); } catch { fail(last.seq + 1, \`line \${lineNo} is not JSON\`); }
  if (typeof e !== "object" || e === null || Object.keys(e).sort().join() !== FIELDS) fail(last.seq + 1, \`line \${lineNo} does not have exactly the fields \${FIELDS}\`);
  if (e.seq !== last.seq + 1) fail(last.seq + 1, \`line \${lineNo} has seq \${e.seq}, expected \${last.seq + 1}\`);
  if (e.prev !== last.hash) fail(e.seq, "prev is not the previous event's hash");
  if (typeof e.at !== "string" || e.at < last.at) fail(e.seq, "at goes back in time");
  if (typeof e.data !== "object" || e.data === null || Array.isArray(e.data)) fail(e.seq, "data is not an object");
  const { seq, at, actor, action, subject, data, prev } = e;
  let text;
  try { text = jcs({ seq, at, actor, action, subject, data, prev }); } catch (error) { fail(e.seq, error.message); }
  if (createHash("sha256").update(text, "utf8").digest("hex") !== e.hash) fail(e.seq, "hash is not the SHA-256 of the event");
  last = e;
}
if (last.seq === 0) fail(1, "no events");
console.log(\`chain OK: \${last.seq} events, head \${last.seq} \${last.hash}\`);
`;

/** Checks each statement file against statements/index.csv and its recorded audit head against audit.jsonl. */
export const VERIFY_STATEMENTS_MJS = `// Verifies the published statements of a Mingzhang audit bundle, with Node alone:
//   node verify-statements.mjs
// Each statements/<period>-r<revision>.json must hash (SHA-256 of its bytes) to the hash in
// statements/index.csv, and the audit head it recorded when published must be in audit.jsonl,
// at that seq with that hash: what was published was not rewritten afterwards.
import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const [header, ...rows] = readFileSync("statements/index.csv", "utf8").trim().split(/\\r?\\n/).map((line) => line.split(","));
const cell = (row, name) => row[header.indexOf(name)];
const heads = new Map(); // seq → the statements that recorded it
let problems = 0;
const problem = (text) => { console.error(text); problems += 1; };
for (const row of rows.filter((r) => r.length > 1)) {
  const file = \`statements/\${cell(row, "period")}-r\${cell(row, "revision")}.json\`;
  const bytes = readFileSync(file);
  if (createHash("sha256").update(bytes).digest("hex") !== cell(row, "hash")) { problem(\`\${file}: its SHA-256 is not \${cell(row, "hash")}\`); continue; }
  const head = JSON.parse(bytes.toString("utf8")).auditHead;
  if (String(head.seq) !== cell(row, "audit_head_seq") || head.hash !== cell(row, "audit_head_hash")) problem(\`\${file}: its audit head differs from index.csv\`);
  heads.set(head.seq, [...(heads.get(head.seq) ?? []), { file, hash: head.hash }]);
}
for await (const line of createInterface({ input: createReadStream("audit.jsonl"), crlfDelay: Infinity })) {
  const event = JSON.parse(line);
  for (const s of heads.get(event.seq) ?? []) {
    if (s.hash !== event.hash) problem(\`\${s.file}: recorded head #\${event.seq} \${s.hash}, audit.jsonl has \${event.hash}\`);
  }
  heads.delete(event.seq);
}
for (const [seq, list] of heads) for (const s of list) problem(\`\${s.file}: recorded head #\${seq} is not in audit.jsonl\`);
if (problems > 0) { console.error(\`statements BROKEN: \${problems} problem(s)\`); process.exit(1); }
console.log(\`statements OK: \${rows.filter((r) => r.length > 1).length} published revisions match index.csv, each audit head is in audit.jsonl\`);
`;

export interface ReadmeFacts {
  zipName: string;
  generatedAt: string; // RFC 3339
  events: number;
  head: { seq: number; hash: string } | null;
  statements: number;
  attachments: number; // rows in attachments/MANIFEST.csv
  withAttachments: boolean;
  /** The latest published quarter, to compare its closing balances with hledger's bank balances. */
  quarter: { file: string; period: string; dayAfterEnd: string } | null;
}

const BOOK_LINE = `for (const b of Object.values(s.figures.books)) { const f = b.closingFen; console.log(b.book, "closing", (f < 0 ? "-" : "") + "¥" + String(Math.abs(f)).padStart(3, "0").replace(/(\\d\\d)$/, ".$1")); }`;

function quarterSection(facts: ReadmeFacts): string {
  const q = facts.quarter;
  if (!q) {
    return `本包中还没有已公示的季度报表。 / No quarterly statement has been published yet.

\`\`\`sh
hledger -f ledger.journal bal
\`\`\`
`;
  }
  return `以 ${q.period} 为例：\`-e ${q.dayAfterEnd}\`（不含当日）给出季末当天结束时的银行存款余额，应等于公示报表中该账簿的期末余额（closingFen，单位为分）。
For example ${q.period}: \`-e ${q.dayAfterEnd}\` (exclusive) gives the bank balance at the end of the quarter's last day, which must equal the statement's closing balance of that book (closingFen, in fen).

\`\`\`sh
hledger -f ledger.journal bal
hledger -f ledger.journal bal 共管账户:1002 -e ${q.dayAfterEnd}
hledger -f ledger.journal bal 公共收益账户:1002 -e ${q.dayAfterEnd}
node -e 'const s = JSON.parse(require("fs").readFileSync("${q.file}", "utf8")); ${BOOK_LINE}'
\`\`\`

\`cogoverned\` 是共管账户，\`public_revenue\` 是公共收益账户；两边金额应逐分相同。也可用 ledger-cli：\`ledger -f ledger.journal bal\`。
\`cogoverned\` is the co-managed account 共管账户 and \`public_revenue\` the public-revenue account 公共收益账户; the amounts must agree to the fen. ledger-cli reads the same file: \`ledger -f ledger.journal bal\`.
`;
}

/** The bundle's README.md. Every command in its ```sh blocks runs, in order, from the folder holding the zip. */
export function bundleReadme(facts: ReadmeFacts): string {
  const head = facts.head ? `#${facts.head.seq} ${facts.head.hash}` : "—";
  const files = facts.withAttachments
    ? `| \`attachments/<sha256>\` | 附件文件本身，以其 SHA-256 命名 | the attachment files, each named by its SHA-256 |\n`
    : "";
  return `# 明账审计包 / Mingzhang audit bundle

生成时间 ${facts.generatedAt}。审计链共 ${facts.events} 个事件，链头 ${head}；已公示报表 ${facts.statements} 份（含各修订版）；附件 ${facts.attachments} 个。
Generated ${facts.generatedAt}: ${facts.events} audit events, chain head ${head}; ${facts.statements} published statement revisions; ${facts.attachments} attachments.

核验只需要公开工具：\`unzip\`、\`sha256sum\`（GNU coreutils；macOS 用 \`shasum -a 256\`）、Node.js 18 以上、hledger（或 ledger-cli）。两个 \`.mjs\` 脚本不依赖任何软件包，请先读一遍再运行。
Verifying needs public tools only: \`unzip\`, \`sha256sum\` (GNU coreutils; on macOS \`shasum -a 256\`), Node.js 18 or later, hledger (or ledger-cli). The two \`.mjs\` scripts use no packages: read them before you run them.

| 文件 / file | 内容 | contents |
|---|---|---|
| \`audit.jsonl\` | 审计链，每行一个事件 | the audit chain, one event per line (seq, at, actor, action, subject, data, prev, hash) |
| \`ledger.journal\` | 全部会计分录（hledger / ledger-cli 格式） | every journal entry, as a hledger / ledger-cli journal |
| \`statements/<期间>-r<修订>.json\` | 每份已公示报表快照的原始字节 | each published statement snapshot, byte for byte |
| \`statements/index.csv\` | 报表清单：哈希、公示时间、链头、前序哈希 | the list: hash, publication time, audit head, previous and superseded hashes |
| \`attachments/MANIFEST.csv\` | 每个附件的 SHA-256、大小、类型、文件名 | every attachment's SHA-256, size, type, file name |
${files}| \`verify-chain.mjs\`, \`verify-statements.mjs\` | 核验脚本 | the verifiers |
| \`SHA256SUMS\` | 以上每个文件的 SHA-256 | the SHA-256 of every file above |

## 第 1 步：解压 / Step 1: unzip

在存放下载文件的目录中执行（文件名不同时请改第一行）。
Run this in the folder holding the download (change the first line if the file has another name).

\`\`\`sh
BUNDLE=${facts.zipName}
unzip -o "$BUNDLE" -d mingzhang-audit
cd mingzhang-audit
\`\`\`

## 第 2 步：文件完整 / Step 2: every file is intact

每一行都应以 \`OK\` 结尾。 / Every line must end with \`OK\`.

\`\`\`sh
sha256sum -c SHA256SUMS
\`\`\`

## 第 3 步：审计链 / Step 3: the audit chain

脚本逐行检查：seq 从 1 起连续；prev 等于上一事件的 hash（第 1 个为 64 个 0）；hash 等于七个字段 {seq, at, actor, action, subject, data, prev} 的 RFC 8785 规范 JSON 的 SHA-256。应输出 \`chain OK: ${facts.events} events, head ${facts.head ? `${facts.head.seq} ${facts.head.hash}` : "…"}\`；否则指出第一个出错的 seq 并以退出码 1 结束。
The script checks each line: seq runs from 1 without gaps; prev is the previous event's hash (64 zeros for the first); hash is the SHA-256 of the RFC 8785 canonical JSON of the seven fields {seq, at, actor, action, subject, data, prev}. It prints \`chain OK: ${facts.events} events, head ${facts.head ? `${facts.head.seq} ${facts.head.hash}` : "…"}\`, or names the first bad seq and exits with 1.

\`\`\`sh
node verify-chain.mjs audit.jsonl
\`\`\`

每份公示报表（打印件上、/verify 页面上）都记有公示时的链头（seq 和 hash）。链头之前的历史若被改写过，这些记录就对不上。
Every published statement (on the printed notice and on the /verify page) records the chain head (seq and hash) at publication; had the history up to it been rewritten, those heads would no longer match.

## 第 4 步：公示报表 / Step 4: the published statements

脚本检查每份报表文件的 SHA-256 与 \`statements/index.csv\` 一致，且报表记录的链头出现在 \`audit.jsonl\` 中同一 seq、同一 hash 处：公示之后没有被改写。请再把报表哈希与公告栏上打印的哈希比对。
The script checks that each statement file's SHA-256 is the one in \`statements/index.csv\`, and that the chain head each recorded is in \`audit.jsonl\` at that seq with that hash: nothing published was rewritten. Compare the hashes with those printed on the community board too.

\`\`\`sh
node verify-statements.mjs
\`\`\`

## 第 5 步：账簿 / Step 5: the books, with hledger

${quarterSection(facts)}`;
}
