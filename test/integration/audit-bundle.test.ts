/**
 * The audit bundle (issue 6 item 3), done when "the bundle's own README
 * steps, followed in a shell, verify it": the demo's bundle is written by the
 * CLI, then the ```sh blocks of the README inside it are run with bash, as a
 * person would paste them. Then the extracted files are tampered with and the
 * same public-tool steps fail, naming what changed. Missing tools (unzip,
 * sha256sum, hledger) fail the test: never skipped.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainHead, eventCount } from "~/services/audit.server";
import { verifyDatabase } from "~/services/audit-verify.server";
import { ensureDemoCommunity } from "~/services/demo.server";
import { ensureDemoLedger } from "~/services/demo/ledger.server";
import { ensureDemoStatements } from "~/services/demo/statements.server";
import { listPublished } from "~/services/statements/published.server";
import * as bundleRoute from "~/routes/auditor.bundle";
import { testDb } from "../support/db";
import { CONTEXT, makeRequest, settle, signIn } from "../support/http";

const db = testDb();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mz-bundle-"));
const ZIP = "mingzhang-audit-test.zip";
let head: { seq: number; hash: string };

function sh(script: string, cwd: string) {
  const result = spawnSync("bash", ["-c", script], { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

function cli(args: string[]) {
  return spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/export.ts", ...args], { encoding: "utf8", env: { ...process.env } });
}

/** The commands of the README's ```sh blocks, in order, as one script. */
function readmeScript(readme: string): string {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.join("\n");
}

beforeAll(async () => {
  await ensureDemoCommunity(db);
  await ensureDemoLedger(db);
  await ensureDemoStatements(db);
  head = chainHead(db)!;
  const written = cli(["bundle", "--out", path.join(dir, ZIP), "--with-attachments"]);
  expect(written.stderr).toMatch(/wrote .*mingzhang-audit-test\.zip: \d+ files, \d+ audit events/);
  expect(written.status).toBe(0);
}, 240_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the bundle's README, followed in a shell", () => {
  let readme = "";
  let stdout = "";

  beforeAll(() => {
    readme = sh(`unzip -p ${ZIP} README.md`, dir).stdout;
    const script = readmeScript(readme);
    const run = sh(`set -euo pipefail\n${script}`, dir);
    stdout = run.stdout;
    expect(run.stderr).not.toMatch(/BROKEN|FAILED/);
    expect(run.status).toBe(0);
  }, 60_000);

  it("is Chinese first, then English, and unzips the file by its name", () => {
    expect(readme.indexOf("第 1 步")).toBeLessThan(readme.indexOf("Step 1"));
    expect(readmeScript(readme)).toContain(`BUNDLE=${ZIP}`);
    expect(readmeScript(readme)).toContain("sha256sum -c SHA256SUMS");
  });

  it("checks every file against SHA256SUMS", () => {
    const sums = fs.readFileSync(path.join(dir, "mingzhang-audit", "SHA256SUMS"), "utf8").trim().split("\n");
    const names = sums.map((line) => line.slice(66));
    expect(names).toEqual(expect.arrayContaining(["README.md", "audit.jsonl", "ledger.journal", "statements/index.csv", "attachments/MANIFEST.csv", "verify-chain.mjs", "verify-statements.mjs"]));
    for (const name of names) expect(stdout).toContain(`${name}: OK`);
    // Every file of the zip is listed, except SHA256SUMS itself.
    const listed = sh(`unzip -Z1 ${ZIP}`, dir).stdout.trim().split("\n").filter((n) => n !== "SHA256SUMS").sort();
    expect(listed).toEqual([...names].sort());
  });

  it("verifies the chain up to the database's head", () => {
    expect(stdout).toContain(`chain OK: ${eventCount(db)} events, head ${head.seq} ${head.hash}`);
    expect(readme).toContain(`#${head.seq} ${head.hash}`);
  });

  it("verifies every published statement against its recorded head", () => {
    const published = listPublished(db);
    expect(stdout).toContain(`statements OK: ${published.length} published revisions`);
    for (const row of published) {
      const bytes = fs.readFileSync(path.join(dir, "mingzhang-audit", "statements", `${row.period}-r${row.revision}.json`), "utf8");
      expect(bytes).toBe(row.snapshot);
    }
  });

  it("gives the quarter-end bank balances that the latest quarter's statement shows, with hledger", () => {
    const latest = listPublished(db, "quarter")[0]!;
    const books = JSON.parse(latest.snapshot).figures.books as Record<string, { closingFen: number }>;
    expect(readme).toContain(`statements/${latest.period}-r${latest.revision}.json`);
    for (const [book, name] of [["cogoverned", "共管账户"], ["public_revenue", "公共收益账户"]] as const) {
      const fen = books[book]!.closingFen;
      const yuan = `¥${String(fen).padStart(3, "0").replace(/(\d\d)$/, ".$1")}`;
      expect(stdout).toContain(`${book} closing ${yuan}`);
      const tool = [...stdout.matchAll(new RegExp(`(¥[-\\d.]+)\\s+${name}:1002`, "g"))].map((m) => m[1]);
      expect(tool.at(-1)).toBe(yuan);
    }
  });

  it("lists every attachment in the manifest, with the files", () => {
    const manifest = fs.readFileSync(path.join(dir, "mingzhang-audit", "attachments", "MANIFEST.csv"), "utf8").trim().split("\n");
    expect(manifest[0]).toBe("id,sha256,size_bytes,mime,filename,uploaded_by,audit_seq,file");
    const count = (db.$client.prepare("SELECT count(*) AS n FROM attachments").get() as { n: number }).n;
    expect(count).toBeGreaterThan(0);
    expect(manifest.length - 1).toBe(count);
    for (const line of manifest.slice(1)) {
      const sha = line.split(",")[1]!;
      expect(line.endsWith(`,attachments/${sha}`)).toBe(true);
      expect(fs.existsSync(path.join(dir, "mingzhang-audit", "attachments", sha))).toBe(true);
    }
  });
});

describe("tampering with the extracted files", () => {
  const tampered = path.join(dir, "tampered");

  beforeAll(() => {
    expect(sh(`unzip -q -o ${ZIP} -d tampered`, dir).status).toBe(0);
  });

  it("changing one character of an event's data: verify-chain names that seq and exits 1", () => {
    const file = path.join(tampered, "audit.jsonl");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const index = Math.floor(lines.length / 2);
    const line = lines[index]!;
    const seq = (JSON.parse(line) as { seq: number }).seq;
    const dataAt = line.indexOf('"data":');
    const inData = line.slice(dataAt).search(/:"[A-Za-z0-9]/);
    expect(inData).toBeGreaterThan(0);
    const position = dataAt + inData + 2; // the first character of a string value inside data
    lines[index] = `${line.slice(0, position)}${line[position] === "x" ? "y" : "x"}${line.slice(position + 1)}`;
    fs.writeFileSync(file, lines.join("\n"));
    const result = sh("node verify-chain.mjs audit.jsonl", tampered);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`chain BROKEN at seq ${seq}:`);
    expect(sh("sha256sum --quiet -c SHA256SUMS", tampered).stdout).toContain("audit.jsonl: FAILED");
  });

  it("an extra field, a float in data or a missing line: verify-chain names the seq", () => {
    const original = fs.readFileSync(path.join(dir, "mingzhang-audit", "audit.jsonl"), "utf8").trimEnd().split("\n");
    const check = (lines: string[], expected: string) => {
      fs.writeFileSync(path.join(tampered, "edited.jsonl"), `${lines.join("\n")}\n`);
      const result = sh("node verify-chain.mjs edited.jsonl", tampered);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(expected);
    };
    const third = JSON.parse(original[2]!) as Record<string, unknown>;
    check([original[0]!, original[1]!, JSON.stringify({ ...third, note: "x" })], "chain BROKEN at seq 3: line 3 does not have exactly the fields");
    check([original[0]!, original[1]!, JSON.stringify({ ...third, data: { ...(third.data as object), amountFen: 1.5 } })], "chain BROKEN at seq 3: not an integer: 1.5");
    check([original[0]!, original[2]!], "chain BROKEN at seq 2: line 2 has seq 3, expected 2");
  });

  it("changing a byte of a statement: sha256sum and verify-statements fail", () => {
    const file = path.join(tampered, "statements", "2026Q1-r1.json");
    const text = fs.readFileSync(file, "utf8");
    const position = text.search(/\d/);
    fs.writeFileSync(file, `${text.slice(0, position)}${text[position] === "1" ? "2" : "1"}${text.slice(position + 1)}`);
    const sums = sh("sha256sum --quiet -c SHA256SUMS", tampered);
    expect(sums.status).toBe(1);
    expect(sums.stdout).toContain("statements/2026Q1-r1.json: FAILED");
    const result = sh("node verify-statements.mjs", tampered);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("statements/2026Q1-r1.json: its SHA-256 is not");
  });

  it("a statement whose recorded head is rewritten in the chain: verify-statements names it", () => {
    fs.copyFileSync(path.join(dir, "mingzhang-audit", "statements", "2026Q1-r1.json"), path.join(tampered, "statements", "2026Q1-r1.json"));
    const row = listPublished(db).find((r) => r.period === "2026Q2")!;
    const file = path.join(tampered, "audit.jsonl");
    const text = fs.readFileSync(file, "utf8").replace(row.auditHeadHash, "f".repeat(64));
    fs.writeFileSync(file, text);
    const result = sh("node verify-statements.mjs", tampered);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`statements/2026Q2-r1.json: recorded head #${row.auditHeadSeq} ${row.auditHeadHash}, audit.jsonl has ${"f".repeat(64)}`);
  });
});

describe("the CLI's bad usage and failures", () => {
  it("refuses a missing --out with exit 2, writing nothing", () => {
    const result = cli(["bundle"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--out FILE is required");
  });

  it("fails with exit 1 and leaves nothing behind when the file cannot be written", () => {
    const out = path.join(dir, "no-such-folder", "b.zip");
    const result = cli(["bundle", "--out", out]);
    expect(result.status).toBe(1);
    expect(fs.existsSync(path.dirname(out))).toBe(false);
  });

  it("without --with-attachments lists the attachments but leaves the files out", () => {
    const out = path.join(dir, "light.zip");
    expect(cli(["bundle", "--out", out]).status).toBe(0);
    const names = sh(`unzip -Z1 ${out}`, dir).stdout.trim().split("\n");
    expect(names).toContain("attachments/MANIFEST.csv");
    expect(names.filter((n) => /^attachments\/[0-9a-f]{64}$/.test(n))).toEqual([]);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
  });
});

describe("GET /auditor/bundle", () => {
  it("is refused to managers and owners", async () => {
    for (const login of ["manager", "owner"]) {
      const { cookie } = await signIn(login, "mingzhang-demo");
      const result = await settle(bundleRoute.loader({ request: makeRequest("/auditor/bundle", { cookie }), params: {}, context: CONTEXT }));
      expect(result.threw).toBe(true);
      expect((result.value as Response).status).toBe(403);
    }
  });

  it("streams a zip to the auditor that unzip lists, with the files when asked", async () => {
    const { cookie } = await signIn("auditor", "mingzhang-demo");
    const response = (await bundleRoute.loader({ request: makeRequest("/auditor/bundle?attachments=1", { cookie }), params: {}, context: CONTEXT })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="mingzhang-audit-\d{4}-\d{2}-\d{2}\.zip"$/);
    const file = path.join(dir, "download.zip");
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const listing = sh(`unzip -l ${file}`, dir);
    expect(listing.status).toBe(0);
    expect(listing.stdout).toContain("audit.jsonl");
    expect(listing.stdout).toMatch(/attachments\/[0-9a-f]{64}/);
    expect(sh(`mkdir -p dl && unzip -q -o ${file} -d dl && cd dl && sha256sum --quiet -c SHA256SUMS && node verify-chain.mjs`, dir).status).toBe(0);
    expect(verifyDatabase(db).ok).toBe(true);
  });
});
