import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_ATTACHMENT_BYTES } from "~/domain/attachments";
import { MAX_REQUEST_BYTES } from "../../scripts/lib/body-limit";
import { allowLoopback, copyDemoDb, startAppServer, type AppServer } from "../support/app-server";
import { rawPost } from "../support/raw-http";

/**
 * Every upload form over real HTTP, against the production server on a copy of
 * the demo community (issue 9 §7): files are judged by their bytes, whatever
 * their name and declared type; an oversized file is refused before it is
 * copied; a body over the request limit is cut off unread (scripts/lib/body-limit.ts,
 * wired in scripts/lib/server.ts); an accepted file comes back as a download
 * under a generated name with its detected type, nosniff and a sandbox CSP.
 */
let app: AppServer;
let dbPath = "";
const cookies: Record<string, string> = {};

beforeAll(async () => {
  dbPath = copyDemoDb(fs.mkdtempSync(path.join(os.tmpdir(), "mz-uploads-")));
  app = await startAppServer(dbPath);
  allowLoopback(app.base);
  for (const who of ["manager", "director"]) cookies[who] = await signIn(who);
}, 90_000);

beforeEach(() => allowLoopback(app.base));

afterAll(async () => {
  await app?.stop();
});

async function signIn(login: string): Promise<string> {
  const response = await fetch(`${app.base}/login`, {
    method: "POST", redirect: "manual",
    headers: { Origin: app.base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ login, password: "mingzhang-demo", redirectTo: "" }),
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  expect(response.status, `sign in ${login}`).toBe(302);
  expect(cookie).not.toBe("");
  return cookie;
}

/** What a refused upload must leave unchanged: the audit head, the attachment rows and the files folder. */
function footprint() {
  const db = new Database(dbPath, { readonly: true });
  try {
    const seq = (db.prepare("select max(seq) as seq from audit_events").get() as { seq: number }).seq;
    const rows = (db.prepare("select count(*) as n from attachments").get() as { n: number }).n;
    const folder = path.join(path.dirname(dbPath), "attachments");
    const files = fs.existsSync(folder) ? fs.readdirSync(folder).length : 0;
    return { seq, rows, files };
  } finally {
    db.close();
  }
}

function lastAttachment(): { id: number; mime: string; filename: string; sizeBytes: number } {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare("select id, mime, filename, size_bytes as sizeBytes from attachments order by id desc limit 1").get() as never;
  } finally {
    db.close();
  }
}

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

/** Files that claim to be evidence and are not, by their bytes. */
const DISGUISED: { label: string; name: string; type: string; bytes: Buffer }[] = [
  { label: "HTML with a script named .pdf", name: "evidence.pdf", type: "application/pdf", bytes: Buffer.from("<html><script>alert(1)</script></html>") },
  { label: "a Windows exe named .jpg", name: "photo.jpg", type: "image/jpeg", bytes: Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(200)]) },
  { label: "a Linux ELF named .jpg", name: "photo.jpg", type: "image/jpeg", bytes: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200)]) },
  { label: "an SVG with a script named .png", name: "x.png", type: "image/png", bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>') },
  { label: "a GIF89a polyglot named .png", name: "x.png", type: "image/png", bytes: Buffer.from("GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=1;alert(1)//", "latin1") },
];

/** An oversized file: a real PNG header padded one byte past the limit. */
function oversized(): Buffer {
  const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1);
  PNG.copy(big);
  return big;
}

interface UploadForm {
  name: string;
  path: string;
  who: "manager" | "director";
  field: string;
  fields: Record<string, string>;
  /** Where a successful post goes. */
  success: RegExp;
}

const today = new Date().toISOString().slice(0, 10);

/** Every form that takes a file, with valid other fields, on the demo community. */
const FORMS: UploadForm[] = [
  { name: "income.new", path: "/income/new", who: "manager", field: "attachment", success: /^\/income\?highlight=\d+$/,
    fields: { kind: "advertising", receivedOn: today, amount: "12.34", counterparty: "上传测试传媒", reference: `UP-${Date.now()}`, memo: "" } },
  { name: "quotes.new", path: "/spending/9/quotes/new", who: "manager", field: "attachment", success: /^\/spending\/9$/,
    fields: { supplierId: "2", "amounts[0]": "1400", validUntil: "2099-12-31", note: "" } },
  { name: "budget.routine.new", path: "/budget/routine/new", who: "manager", field: "voucher", success: /^\/budget\/routine\?highlight=\d+$/,
    fields: { budgetLineId: "10", routineKind: "payroll", paidOn: today, amount: "1.00", payee: "上传测试", bankReference: "", invoiceNumber: "", memo: "" } },
  { name: "spending attach (draft files)", path: "/spending/10", who: "manager", field: "files", success: /^\/spending\/10$/,
    fields: { intent: "attach" } },
  { name: "spending accept", path: "/spending/5/accept", who: "director", field: "photos", success: /^\/spending\/5$/,
    fields: { acceptedOn: today, notes: "上传测试验收" } },
  { name: "decisions.new", path: "/decisions/new", who: "director", field: "minutes", success: /^\/decisions\/\d+$/,
    fields: { title: "上传测试决定", matter: "9", text: "上传测试", heldFrom: "2026-06-01", heldUntil: "2026-06-15", announcedOn: "2026-06-16",
      agreeArea: "", agreeOwners: "", disagreeArea: "", disagreeOwners: "", abstainArea: "", abstainOwners: "", authorised: "" } },
  { name: "statement board photo", path: "/statements/1/board", who: "director", field: "photo", success: /^\/statements\/1$/,
    fields: { location: "上传测试公告栏", postedOn: "2025-04-12", note: "" } },
];

async function post(form: UploadForm, file: { name: string; type: string; bytes: Buffer }) {
  const body = new FormData();
  for (const [key, value] of Object.entries(form.fields)) body.set(key, value);
  body.set(form.field, new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  const response = await fetch(`${app.base}${form.path}`, {
    method: "POST", redirect: "manual", body,
    headers: { Origin: app.base, Cookie: cookies[form.who]!, "Accept-Language": "zh-CN" },
  });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}

const TYPE_MESSAGE = "附件只能是 PDF、JPEG 或 PNG（按文件内容判断）。";
const SIZE_MESSAGE = "附件不能超过 10 MB。";
let disguisedRefused = 0;
let oversizedRefused = 0;
let stored = 0;

describe("every upload form judges files by their bytes and size", () => {
  for (const form of FORMS) {
    it(`${form.name}: disguised and oversized files are refused with the field's message, nothing written`, async () => {
      const before = footprint();
      for (const file of DISGUISED) {
        const result = await post(form, file);
        expect(result.status, `${form.name} ${file.label}: ${result.html.slice(0, 300)}`).toBe(400);
        expect(result.html, `${form.name} ${file.label}`).toContain(TYPE_MESSAGE);
        disguisedRefused += 1;
      }
      const big = await post(form, { name: "big.png", type: "image/png", bytes: oversized() });
      expect(big.status, `${form.name} oversized: ${big.html.slice(0, 300)}`).toBe(413);
      expect(big.html).toContain(SIZE_MESSAGE);
      oversizedRefused += 1;
      const after = footprint();
      expect(after, form.name).toEqual(before);
      stored += after.rows - before.rows;
    }, 60_000);
  }

  it("a PDF by content is accepted whatever it is called; a PNG comes back as a download under a generated name", async () => {
    const income = FORMS[0]!;
    const pdf = await post(income, { name: "looks-like.png", type: "image/png", bytes: Buffer.from("%PDF-1.4\n%%EOF\n", "latin1") });
    expect(pdf.status, pdf.html.slice(0, 300)).toBe(302);
    expect(lastAttachment()).toMatchObject({ mime: "application/pdf", filename: "looks-like.pdf" });

    for (const form of [FORMS[0]!, FORMS[1]!, FORMS[6]!]) {
      const result = await post(form, { name: "<img src=x onerror=alert(1)>.png", type: "application/octet-stream", bytes: PNG });
      expect(result.status, `${form.name}: ${result.html.slice(0, 300)}`).toBe(302);
      expect(result.location).toMatch(form.success);
      const row = lastAttachment();
      expect(row).toMatchObject({ mime: "image/png", sizeBytes: PNG.length });
      const download = await fetch(`${app.base}/attachments/${row.id}`, { headers: { Cookie: cookies.manager! } });
      expect(download.status).toBe(200);
      expect(download.headers.get("content-disposition")).toBe(`attachment; filename="mingzhang-${row.id}.png"; filename*=UTF-8''mingzhang-${row.id}.png`);
      expect(download.headers.get("content-type")).toBe("image/png");
      expect(download.headers.get("x-content-type-options")).toBe("nosniff");
      expect(download.headers.get("content-security-policy")).toContain("sandbox");
      expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    }
  }, 60_000);
});

describe("a body over the request limit is cut off before it is read", () => {
  it("answers 413 to a declared length over the limit while the client is still sending, and to a chunked one past it", async () => {
    const before = footprint();
    const total = MAX_REQUEST_BYTES + 1;
    const declared = await rawPost(app.base, "/income/new", {
      headers: { Origin: app.base, Cookie: cookies.manager!, "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(total) },
      totalBytes: total,
    });
    expect(declared.status, app.output().slice(-2000)).toBe(413);
    expect(declared.body).toContain("Request too large");
    expect(declared.sentBytes).toBeLessThan(total / 4);

    const chunked = await rawPost(app.base, "/income/new", {
      headers: { Origin: app.base, Cookie: cookies.manager!, "Content-Type": "multipart/form-data; boundary=x" },
      chunked: true, totalBytes: 3 * MAX_REQUEST_BYTES, chunkBytes: 256 * 1024,
    });
    expect(chunked.status).toBe(413);
    expect(chunked.sentBytes).toBeLessThan(2 * MAX_REQUEST_BYTES);
    expect(footprint()).toEqual(before);
    // The server is still up and serving.
    expect((await fetch(`${app.base}/login`)).status).toBe(200);
    console.log(`[figure] uploads: ${disguisedRefused} disguised and ${oversizedRefused} oversized files refused, ${stored} stored; ` +
      `over-limit bodies cut after ${Math.round(declared.sentBytes / 1024)} KiB (declared) and ${Math.round(chunked.sentBytes / 1024)} KiB (chunked) of ${Math.round(MAX_REQUEST_BYTES / 1024)} KiB allowed`);
  }, 120_000);
});
