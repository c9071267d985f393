/** Running hledger and ledger-cli on an exported journal, and reading their numbers exactly. */
import { spawnSync } from "node:child_process";
import type { Book } from "~/domain/ledger/chart";
import { parseYuan } from "~/domain/money";

export const INSTALL = "install it: apt-get install -y hledger ledger";
export const BOOK_OF: Record<string, Book> = { 共管账户: "cogoverned", 公共收益账户: "public_revenue" };

export function run(command: string, args: string[], env?: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { encoding: "utf8", env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${command} is missing: ${INSTALL}`);
    throw result.error;
  }
  return result;
}

export function tool(command: string, args: string[]): string {
  const result = run(command, args);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** "¥-1234.56", "-¥1234.56", "0" → fen, exactly. */
export function fenOf(text: string): number {
  const cleaned = text.trim().replace(/"/g, "").replace("¥", "");
  const parsed = parseYuan(cleaned, { allowNegative: true });
  if (!parsed.ok) throw new Error(`not an amount: ${text}`);
  return parsed.value;
}

/** "共管账户:1002银行存款" → "cogoverned 1002". */
export function keyOf(account: string): string {
  const match = /^([^:]+):(\d{4})/.exec(account.replace(/"/g, ""));
  if (!match || !BOOK_OF[match[1]!]) throw new Error(`unexpected account name: ${account}`);
  return `${BOOK_OF[match[1]!]} ${match[2]}`;
}

export function csvRows(text: string): string[][] {
  return text.trim().split("\n").slice(1).map((line) => line.split('","').map((cell) => cell.replace(/^"|"$/g, "")));
}

