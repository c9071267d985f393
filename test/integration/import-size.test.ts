import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "~/i18n/i18n";
import * as adminImport from "~/routes/admin.import";
import * as bankImport from "~/routes/bank.import";
import { MAX_STATEMENT_BYTES } from "~/services/bank/files.server";
import { env } from "~/env.server";
import { buildUser, count, digest, TEST_PASSWORD } from "../support/builders";
import { testDb } from "../support/db";
import { CONTEXT, isDataWithInit, makeRequest, signIn } from "../support/http";

/**
 * The two file imports refuse an oversized file by its declared size before
 * copying its bytes out of the form, with the field's error in the person's
 * language, and write nothing: no row, no audit event, no kept upload.
 */
const db = testDb();
const cookies: Record<string, string> = {};
const REGISTER_MAX_BYTES = 5 * 1024 * 1024;

beforeAll(async () => {
  await buildUser(db, { login: "size-manager", roles: ["manager"] });
  await buildUser(db, { login: "size-admin", roles: ["admin"] });
  cookies.manager = (await signIn("size-manager", TEST_PASSWORD)).cookie;
  cookies.admin = (await signIn("size-admin", TEST_PASSWORD)).cookie;
});

/** A File that counts every way its bytes can be read. */
class CountingFile extends File {
  reads = 0;
  override arrayBuffer() { this.reads += 1; return super.arrayBuffer(); }
  override text() { this.reads += 1; return super.text(); }
  override stream() { this.reads += 1; return super.stream(); }
  override bytes() { this.reads += 1; return super.bytes(); }
}

/** CSV-looking bytes, `size` of them, so only the size can be wrong. */
function csvOfSize(size: number): Uint8Array {
  const bytes = new Uint8Array(size).fill(0x61);
  for (let i = 99; i < size; i += 100) bytes[i] = 0x0a;
  return bytes;
}

function bankUploads(): string[] {
  const dir = path.join(path.dirname(path.resolve(env().DATABASE_PATH)), "bank-uploads");
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** Everything an import could write: the rows, the chain head and the kept uploads. */
function snapshot() {
  return { ...digest(db), bankLines: count(db, "bank_lines"), uploads: bankUploads() };
}

/**
 * The request as the route gets it, its form holding `file` under `field`.
 * `parsed` swaps the body parser's File for the counting one, to see whether
 * the action reads the bytes; otherwise the multipart body is really parsed.
 */
function post(url: string, cookie: string, fields: Record<string, string>, field: string, file: File, parsed = false): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(field, file);
  const request = makeRequest(url, { form, cookie });
  if (parsed) Object.defineProperty(request, "formData", { value: async () => form });
  return request;
}

function refusal(result: unknown, status: number) {
  expect(isDataWithInit(result), JSON.stringify(result)).toBe(true);
  if (!isDataWithInit(result)) throw new Error("unreachable");
  expect(result.init?.status).toBe(status);
  return result.data as unknown;
}

function expectTranslated(code: string) {
  const zh = createI18n("zh-CN").t(code);
  const en = createI18n("en").t(code);
  expect(zh).not.toBe(code);
  expect(en).not.toBe(code);
  expect(zh).not.toBe(en);
  expect(en).toMatch(/5 MB/);
}

describe("oversized import files", () => {
  it("a bank statement of the limit + 1 bytes is refused (413, the file field's error) before it is read; nothing is kept", async () => {
    const before = snapshot();
    const bytes = csvOfSize(MAX_STATEMENT_BYTES + 1);

    const real = await bankImport.action({ request: post("/bank/import", cookies.manager!, { intent: "upload" }, "statement", new File([Buffer.from(bytes)], "big.csv")), params: {}, context: CONTEXT });
    const reply = refusal(real, 413) as { intent: string; lastResult: { error?: Record<string, string[]> } };
    expect(reply.intent).toBe("upload");
    expect(reply.lastResult.error).toEqual({ statement: ["bank.errors.tooLarge"] });

    const counting = new CountingFile([Buffer.from(bytes)], "big.csv");
    refusal(await bankImport.action({ request: post("/bank/import", cookies.manager!, { intent: "upload" }, "statement", counting, true), params: {}, context: CONTEXT }), 413);
    expect(counting.reads, "bytes read before the size check").toBe(0);

    expect(snapshot()).toEqual(before);
    expectTranslated("bank.errors.tooLarge");

    // The limit itself still goes through to the preview (the check is not off by one).
    const atLimit = await bankImport.action({ request: post("/bank/import", cookies.manager!, { intent: "upload" }, "statement", new File([Buffer.from(csvOfSize(MAX_STATEMENT_BYTES))], "limit.csv")), params: {}, context: CONTEXT });
    expect(atLimit).toBeInstanceOf(Response);
    expect((atLimit as Response).headers.get("Location")).toMatch(/^\/bank\/import\?file=[0-9a-f]{64}&/);
    expect(bankUploads().length).toBe(before.uploads.length + 1);
    console.log(`[figure] bank import size: ${MAX_STATEMENT_BYTES + 1} bytes refused 413 with 0 bytes read, ${MAX_STATEMENT_BYTES} accepted`);
  });

  it("a unit register CSV of the limit + 1 bytes is refused (400, import.tooLarge) before it is read; nothing is written", async () => {
    const before = snapshot();
    const bytes = csvOfSize(REGISTER_MAX_BYTES + 1);

    const real = await adminImport.action({ request: post("/admin/import", cookies.admin!, {}, "file", new File([Buffer.from(bytes)], "units.csv")), params: {}, context: CONTEXT });
    const reply = refusal(real, 400) as { ok: boolean; errors: { line: number; field: string | null; code: string }[] };
    expect(reply).toEqual({ ok: false, errors: [{ line: 0, field: null, code: "import.tooLarge" }] });

    const counting = new CountingFile([Buffer.from(bytes)], "units.csv");
    refusal(await adminImport.action({ request: post("/admin/import", cookies.admin!, {}, "file", counting, true), params: {}, context: CONTEXT }), 400);
    expect(counting.reads, "bytes read before the size check").toBe(0);

    expect(snapshot()).toEqual(before);
    expectTranslated("import.tooLarge");

    // At the limit the file is read and judged by its content (here: not a register), still writing nothing.
    const atLimit = await adminImport.action({ request: post("/admin/import", cookies.admin!, {}, "file", new File([Buffer.from(csvOfSize(REGISTER_MAX_BYTES))], "units.csv")), params: {}, context: CONTEXT });
    const judged = refusal(atLimit, 400) as { errors: { code: string }[] };
    expect(judged.errors.map((e) => e.code)).not.toContain("import.tooLarge");
    expect(snapshot()).toEqual(before);
    console.log(`[figure] register import size: ${REGISTER_MAX_BYTES + 1} bytes refused 400 with 0 bytes read, digest unchanged`);
  });
});
