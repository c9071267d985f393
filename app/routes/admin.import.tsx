import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { decodeRegisterBytes } from "~/domain/unit-register-csv";
import { getDb } from "~/services/db.server";
import { importUnitRegister } from "~/services/unit-import.server";
import { readForm, requireUser } from "~/services/request.server";

const MAX_BYTES = 5 * 1024 * 1024;
const uploadSchema = z.object({
  file: z
    .instanceof(File, { error: "import.noFile" })
    .refine((f) => f.size > 0, { error: "import.noFile" })
    .refine((f) => f.size <= MAX_BYTES, { error: "import.tooLarge" }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["admin"]);
  const upload = uploadSchema.safeParse({ file: (await readForm(request)).get("file") });
  if (!upload.success) {
    return data({ ok: false as const, errors: [{ line: 0, field: null, code: upload.error.issues[0]?.message ?? "import.noFile" }] }, { status: 400 });
  }
  const text = decodeRegisterBytes(new Uint8Array(await upload.data.file.arrayBuffer()));
  const outcome = importUnitRegister(getDb(), text, String(user.id));
  return outcome.ok ? data(outcome) : data(outcome, { status: 400 });
}

export default function ImportPage() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  return (
    <section>
      <h1>{t("import.title")}</h1>
      <p>{t("import.explain")}</p>
      <pre className="sample">building,unit,area,kind,owner,phone{"\n"}1栋,0101,89.37,residential,张伟,13800001234</pre>
      <Form method="post" encType="multipart/form-data" className="narrow">
        <div className="field">
          <label htmlFor="file">{t("import.file")}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="import-result" />
        </div>
        <button type="submit">{t("import.submit")}</button>
      </Form>
      <div id="import-result" aria-live="polite">
        {result?.ok ? (
          <p className="notice" role="status">{t("import.done", { units: result.unitCount, owners: result.newOwnerCount })}</p>
        ) : null}
        {result && !result.ok ? (
          <div className="form-errors" role="alert">
            <p>{t("import.refused", { count: result.errors.length })}</p>
            <table className="data-table">
              <thead><tr><th scope="col">{t("import.line")}</th><th scope="col">{t("import.column")}</th><th scope="col">{t("import.reason")}</th></tr></thead>
              <tbody>
                {result.errors.map((e, i) => (
                  <tr key={i}><td>{e.line || "—"}</td><td>{e.field ?? "—"}</td><td>{t(e.code)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}
