import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { attachmentsDir } from "~db/connection";
import { contentDisposition, detectAttachmentMime, downloadFilename, sanitizeFilename } from "~/domain/attachments";
import { verifyDatabase } from "~/services/audit-verify.server";
import { auditedWrite } from "~/services/audited-write.server";
import { insertAttachment, storeAttachmentFile } from "~/services/attachments.server";
import * as download from "~/routes/attachments.$attachmentId";
import { buildUser, TEST_PASSWORD } from "../support/builders";
import { testDb } from "../support/db";
import { CONTEXT, makeRequest, settle, signIn } from "../support/http";
import { FILES, incomeDigest, incomeWorld } from "../support/income";

let world: Awaited<ReturnType<typeof incomeWorld>>;
let ownerCookie = "";
const db = () => testDb();

beforeAll(async () => {
  world = await incomeWorld(db());
  await buildUser(db(), { login: "owner-a", roles: ["owner"], ownerId: world.org.id });
  ownerCookie = (await signIn("owner-a", TEST_PASSWORD)).cookie;
}, 30_000);

describe("the content check and names (pure)", () => {
  it("detects PDF, JPEG and PNG by their bytes only", () => {
    expect(detectAttachmentMime(FILES.pdf())).toBe("application/pdf");
    expect(detectAttachmentMime(FILES.jpeg())).toBe("image/jpeg");
    expect(detectAttachmentMime(FILES.png())).toBe("image/png");
    expect(detectAttachmentMime(FILES.exe())).toBeNull();
    expect(detectAttachmentMime(new Uint8Array([0x25, 0x50, 0x44]))).toBeNull();
  });

  it("sanitizes filenames and gives them the detected type's extension", () => {
    expect(sanitizeFilename("C:\\fake\\发票 2026.exe", "application/pdf")).toBe("发票 2026.pdf");
    expect(sanitizeFilename("../../etc/passwd", "image/png")).toBe("passwd.png");
    expect(sanitizeFilename("a\u0000b\r\n\"c\".jpg", "image/jpeg")).toBe("abc.jpg");
    expect(sanitizeFilename("", "image/png")).toBe("attachment.png");
    expect(contentDisposition("合同 1.pdf")).toBe("attachment; filename=\"__ 1.pdf\"; filename*=UTF-8''%E5%90%88%E5%90%8C%201.pdf");
    expect(downloadFilename(42, "application/pdf")).toBe("mingzhang-42.pdf");
    expect(downloadFilename(7, "image/jpeg")).toBe("mingzhang-7.jpg");
  });
});

describe("storing and downloading", () => {
  it("stores a file under its SHA-256, idempotently, and refuses bad ones before writing", async () => {
    const first = await storeAttachmentFile(FILES.pdf(), "a.pdf");
    const again = await storeAttachmentFile(FILES.pdf(), "b.pdf");
    expect(again.sha256).toBe(first.sha256);
    const file = path.join(attachmentsDir(process.env.DATABASE_PATH!), first.sha256);
    expect(fs.readFileSync(file)).toEqual(Buffer.from(FILES.pdf()));
    const files = fs.readdirSync(attachmentsDir(process.env.DATABASE_PATH!));
    await expect(storeAttachmentFile(FILES.exe(), "x.pdf")).rejects.toMatchObject({ code: "income.errors.attachmentType" });
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(FILES.png());
    await expect(storeAttachmentFile(big, "x.png")).rejects.toMatchObject({ code: "income.errors.attachmentTooLarge" });
    await expect(storeAttachmentFile(new Uint8Array(0), "x.png")).rejects.toMatchObject({ code: "income.errors.attachmentEmpty" });
    expect(fs.readdirSync(attachmentsDir(process.env.DATABASE_PATH!))).toEqual(files);
  });

  it("serves an attachment as a download to manager, committee and auditor; 403 to an owner; 404 for unknown ids", async () => {
    const stored = await storeAttachmentFile(FILES.jpeg(), "收据 №1.jpeg");
    const before = incomeDigest(db());
    const { row } = auditedWrite(db(), { actor: String(world.manager.id), action: "test.attach" }, (tx, seq) => {
      const written = insertAttachment(tx, seq, stored, String(world.manager.id));
      return { result: { row: written.row }, subject: `attachment:${written.row.id}`, rows: { attachments: [written.view] } };
    });
    expect(incomeDigest(db()).attachments).toBe(before.attachments + 1);
    expect(row).toMatchObject({ mime: "image/jpeg", sizeBytes: FILES.jpeg().length, filename: "收据 №1.jpg", uploadedBy: String(world.manager.id) });
    for (const cookie of [world.cookies.manager, world.cookies.committee, world.cookies.auditor]) {
      const response = (await download.loader({ request: makeRequest(`/attachments/${row.id}`, { cookie }), params: { attachmentId: String(row.id) }, context: CONTEXT })) as Response;
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("image/jpeg");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      // Saved under a generated name; the uploader's (sanitized) name stays in the row, shown as text only.
      expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="mingzhang-${row.id}.jpg"; filename*=UTF-8''mingzhang-${row.id}.jpg`);
      expect(response.headers.get("Content-Security-Policy")).toBe("default-src 'none'; sandbox");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(FILES.jpeg());
    }
    const owner = await settle(download.loader({ request: makeRequest(`/attachments/${row.id}`, { cookie: ownerCookie }), params: { attachmentId: String(row.id) }, context: CONTEXT }));
    expect((owner.value as Response).status).toBe(403);
    for (const id of ["999999", "abc", "-1"]) {
      const missing = await settle(download.loader({ request: makeRequest(`/attachments/${id}`, { cookie: world.cookies.auditor }), params: { attachmentId: id }, context: CONTEXT }));
      expect(missing.threw).toBe(true);
      expect((missing.value as Response).status).toBe(404);
    }
    expect(verifyDatabase(db()).ok).toBe(true);
  });
});
