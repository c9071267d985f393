import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormErrors, SelectField } from "~/components/form";
import { isBankFileError } from "~/domain/bank/errors";
import { importFormSchema, saveMappingFormSchema, type BankMapping } from "~/domain/bank/mapping";
import type { StatementProblem } from "~/domain/bank/statement";
import { DomainError } from "~/domain/errors";
import { BOOKS } from "~/domain/ledger/chart";
import { getDb } from "~/services/db.server";
import { loadUpload, MAX_STATEMENT_BYTES, previewUpload, storeUpload } from "~/services/bank/files.server";
import { importBankStatement } from "~/services/bank/import.server";
import { listBankMappings, saveBankMapping } from "~/services/bank/mappings.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

const querySchema = z.object({
  file: z.string().regex(/^[0-9a-f]{64}$/).optional().catch(undefined),
  filename: z.string().max(200).optional().catch(undefined),
  headerRow: z.coerce.number().int().min(1).max(50).optional().catch(undefined),
  mapping: z.coerce.number().int().positive().optional().catch(undefined),
  book: z.enum(BOOKS).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["manager"]);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const mappings = listBankMappings(getDb()).map((m) => ({ id: m.id, name: m.name, mapping: m.parsed }));
  const saved = mappings.find((m) => m.id === query.mapping)?.mapping;
  let preview: Awaited<ReturnType<typeof previewUpload>> = null;
  let problems: StatementProblem[] | null = null;
  if (query.file) {
    try {
      preview = await previewUpload(query.file, query.headerRow ?? saved?.headerRow);
      if (!preview) problems = [{ code: "bank.errors.fileMissing" }];
    } catch (error) {
      if (!isBankFileError(error)) throw error;
      problems = error.problems;
    }
  }
  const defaults: Partial<BankMapping> = saved && (!query.headerRow || query.headerRow === saved.headerRow) ? saved : (preview?.guess ?? {});
  return { query, mappings, preview, problems, defaults };
}

const intentSchema = z.enum(["upload", "import", "save_mapping"]);
const uploadSchema = z.object({ statement: z.instanceof(File, { message: "bank.errors.fileMissing" }) });

function previewUrl(file: string, filename: string, extra = "") {
  return `/bank/import?file=${file}&filename=${encodeURIComponent(filename)}${extra}`;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["manager"]);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_STATEMENT_BYTES + 64 * 1024) {
    return data({ intent: "upload", lastResult: { status: "error", error: { "": ["bank.errors.tooLarge"] } }, problems: null }, { status: 413 });
  }
  const formData = await readForm(request);
  const intent = intentSchema.safeParse(formData.get("intent"));
  if (!intent.success) return data({ intent: null, lastResult: null, problems: null }, { status: 400 });
  const db = getDb();
  const actor = String(user.id);
  const tagged = <T extends { data: { lastResult: unknown }; init: ResponseInit | null }>(reply: T, problems: StatementProblem[] | null = null) =>
    data({ intent: intent.data, lastResult: reply.data.lastResult, problems }, reply.init ?? undefined);

  if (intent.data === "upload") {
    const submission = parseWithZod(formData, { schema: uploadSchema });
    if (submission.status !== "success") return tagged(invalid(submission));
    const file = submission.value.statement;
    // The declared size first, so an oversized file is refused before its bytes are copied out of the form
    // (a chunked body carries no Content-Length for the check above).
    if (file.size > MAX_STATEMENT_BYTES) return tagged(refuse(submission, new DomainError("bank.errors.tooLarge", { field: "statement", status: 413 })));
    try {
      const hash = storeUpload(new Uint8Array(await file.arrayBuffer()));
      return redirect(previewUrl(hash, file.name || "statement"));
    } catch (error) {
      return tagged(refuse(submission, error));
    }
  }
  if (intent.data === "save_mapping") {
    const submission = parseWithZod(formData, { schema: saveMappingFormSchema });
    if (submission.status !== "success") return tagged(invalid(submission));
    try {
      const { mapping } = saveBankMapping(db, submission.value, actor);
      const file = String(formData.get("file") ?? "");
      const back = /^[0-9a-f]{64}$/.test(file) ? previewUrl(file, String(formData.get("filename") ?? ""), `&mapping=${mapping.id}`) : "/bank/mappings";
      return redirect(back);
    } catch (error) {
      return tagged(refuse(submission, error));
    }
  }
  const submission = parseWithZod(formData, { schema: importFormSchema });
  if (submission.status !== "success") return tagged(invalid(submission));
  const { file, filename, book, ...mapping } = submission.value;
  try {
    const bytes = loadUpload(file);
    if (!bytes) throw new DomainError("bank.errors.fileMissing");
    const outcome = await importBankStatement(db, { book, filename, bytes, mapping }, actor);
    return redirect(`/bank?book=${book}&newCount=${outcome.newCount}&existingCount=${outcome.existingCount}`);
  } catch (error) {
    if (isBankFileError(error)) return tagged(refuse(submission, error), error.problems);
    return tagged(refuse(submission, error));
  }
}

const COLUMN_KEYS = ["date", "amount", "debit", "credit", "counterparty", "memo", "reference", "balance"] as const;

export function Problems({ problems }: { problems: readonly StatementProblem[] | null | undefined }) {
  const { t } = useTranslation();
  if (!problems || problems.length === 0) return null;
  return (
    <div className="form-errors" role="alert">
      <p>{t("bank.problems")}</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{p.line !== undefined ? t("bank.problemLine", { line: p.line }) : null}{t(p.code, { column: p.column ?? "", value: p.value ?? "", line: p.line ?? "" })}</li>
        ))}
      </ul>
    </div>
  );
}

export default function BankImportPage() {
  const { t } = useTranslation();
  const { query, mappings, preview, problems, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData?.intent === "import" || actionData?.intent === "save_mapping" ? (actionData.lastResult as never) : undefined;
  const [form, fields] = useForm({
    id: "bank-import",
    lastResult,
    defaultValue: { book: query.book ?? "cogoverned", ...defaults, headerRow: preview ? String(preview.headerRow) : undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: importFormSchema }),
    shouldValidate: "onSubmit",
  });
  const uploadErrors = actionData?.intent === "upload" ? Object.values((actionData.lastResult as { error?: Record<string, string[] | null> } | null)?.error ?? {}).flatMap((e) => e ?? []) : [];
  const file = query.file ?? "";
  const filename = query.filename ?? "statement";
  const columnOptions = [{ value: "", label: t("bank.preview.none") }, ...(preview?.headers ?? []).map((h) => ({ value: h, label: h }))];
  return (
    <section>
      <h1>{t("bank.upload.title")}</h1>
      <p><Link to="/bank">{t("bank.title")}</Link> · <Link to="/bank/mappings">{t("bank.mappings")}</Link></p>
      <Form method="post" encType="multipart/form-data">
        <FormErrors id="upload-errors" errors={uploadErrors} />
        <div className="field">
          <label htmlFor="statement">{t("bank.upload.file")}</label>
          <input id="statement" name="statement" type="file" accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          <p className="hint">{t("bank.upload.hint")}</p>
        </div>
        <button type="submit" name="intent" value="upload">{t("bank.upload.submit")}</button>
      </Form>

      <Problems problems={actionData?.problems ?? problems} />

      {preview ? (
        <>
          <h2>{t("bank.preview.title")}: {filename}</h2>
          <p>{t("bank.preview.encoding", { encoding: preview.encoding, format: preview.format })}</p>
          <table className="data-table sample">
            <caption>{t("bank.preview.firstRows", { count: preview.rows.length })}</caption>
            <tbody>
              {preview.rows.map((row, i) => (
                <tr key={i} className={i + 1 === preview.headerRow ? "header-row" : undefined}>
                  <th scope="row">{i + 1}</th>
                  {row.map((cell, j) => (i + 1 === preview.headerRow ? <th key={j} scope="col">{cell}</th> : <td key={j}>{cell}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
          <Form method="get" className="filters">
            <input type="hidden" name="file" value={file} />
            <input type="hidden" name="filename" value={filename} />
            <label>{t("bank.preview.headerRow")} <input name="headerRow" type="number" min={1} max={50} defaultValue={preview.headerRow} /></label>
            <button type="submit">{t("bank.preview.showHeader")}</button>
          </Form>
          {mappings.length > 0 ? (
            <Form method="get" className="filters">
              <input type="hidden" name="file" value={file} />
              <input type="hidden" name="filename" value={filename} />
              <label>{t("bank.preview.savedMapping")}{" "}
                <select name="mapping" defaultValue={query.mapping ?? ""}>
                  {mappings.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
                </select>
              </label>
              <button type="submit">{t("bank.preview.useMapping")}</button>
            </Form>
          ) : null}

          <Form method="post" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="file" value={file} />
            <input type="hidden" name="filename" value={filename} />
            <input type="hidden" name="headerRow" value={preview.headerRow} />
            <SelectField meta={fields.book} label={t("bank.book")} options={BOOKS.map((b) => ({ value: b, label: t(`bank.books.${b}`) }))} />
            <p className="hint">{t("bank.layoutHint")}</p>
            {COLUMN_KEYS.map((key) => <SelectField key={key} meta={fields[key]} label={t(`bank.columns.${key}`)} options={columnOptions} />)}
            <button type="submit" name="intent" value="import">{t("bank.doImport")}</button>
            <div className="field">
              <label htmlFor="bank-mapping-name">{t("bank.saveAs")}</label>
              <input id="bank-mapping-name" name="name" maxLength={60} />
              <FieldErrors id="bank-mapping-name-errors" errors={form.allErrors.name} />
            </div>
            <button type="submit" name="intent" value="save_mapping" formNoValidate>{t("bank.saveMapping")}</button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
