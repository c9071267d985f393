import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, TextField } from "~/components/form";
import { DraftMessages, replyMessages, splitReply, type DraftReply } from "~/components/statements/DraftMessages";
import { DraftPeriod } from "~/components/statements/DraftStatus";
import { MAX_ATTACHMENT_BYTES } from "~/domain/attachments";
import { shanghaiDate } from "~/domain/calendar";
import { boardPostingFormSchema } from "~/domain/statements/publishing-forms";
import { readUpload, storeAttachmentFile } from "~/services/attachments.server";
import { getDb } from "~/services/db.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { boardPostingsOf, recordBoardPosting } from "~/services/statements/board.server";
import { getPublished } from "~/services/statements/published.server";

// Room for the form's other fields around the largest photo we accept.
const MAX_BODY_BYTES = MAX_ATTACHMENT_BYTES + 256 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["committee"]);
  const id = parseId(params.publishedId);
  const found = getPublished(getDb(), id);
  if (!found) throw notFound();
  return {
    statement: { id, period: found.row.period, revision: found.row.revision, postedFrom: found.row.postedFrom, postedTo: found.row.postedTo },
    postings: boardPostingsOf(getDb(), id),
    today: shanghaiDate(new Date()),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["committee"]);
  const id = parseId(params.publishedId);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return data({ lastResult: { status: "error" as const, error: { photo: ["income.errors.attachmentTooLarge"] } }, params: null }, { status: 413 });
  }
  if (!getPublished(getDb(), id)) throw notFound();
  const submission = parseWithZod(await readForm(request), { schema: boardPostingFormSchema });
  if (submission.status !== "success") return invalid(submission);
  const { photo, ...fields } = submission.value;
  try {
    // The photo is checked and stored before the (synchronous) write; a refused file writes nothing.
    const upload = await readUpload(photo ?? null, "photo");
    const stored = upload ? await storeAttachmentFile(upload.bytes, upload.filename, "photo") : undefined;
    recordBoardPosting(getDb(), id, { ...fields, photo: stored }, user);
    return redirect(`/statements/${id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function BoardPostingPage() {
  const { t } = useTranslation();
  const { statement, postings, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as DraftReply | undefined;
  const { lastResult, refusals } = splitReply(reply);
  const [form, fields] = useForm({
    id: "board-posting",
    lastResult: lastResult as never,
    constraint: getZodConstraint(boardPostingFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: boardPostingFormSchema }),
    shouldValidate: "onBlur",
    defaultValue: { postedOn: today, location: "", note: "" },
  });
  return (
    <section className="narrow">
      <p><Link to={`/statements/${statement.id}`}>{t("statementAdmin.board.back")}</Link></p>
      <h1>{t("statementAdmin.board.title")}: <DraftPeriod period={statement.period} /> · {t("statementAdmin.revisionN", { revision: statement.revision })}</h1>
      <p>{t("statementAdmin.fields.postedFrom")}: {statement.postedFrom} · {t("statementAdmin.fields.postedTo")}: {statement.postedTo}</p>

      {postings.length === 0 ? <p>{t("statementAdmin.board.none")}</p> : (
        <table>
          <thead>
            <tr><th>{t("statementAdmin.fields.postedOn")}</th><th>{t("statementAdmin.fields.location")}</th><th>{t("statementAdmin.fields.note")}</th><th>{t("statementAdmin.fields.photo")}</th></tr>
          </thead>
          <tbody>
            {postings.map((p) => (
              <tr key={p.id}>
                <td>{p.postedOn}</td><td>{p.location}</td><td>{p.note}</td>
                <td>{p.photoAttachmentId !== null ? <a href={`/attachments/${p.photoAttachmentId}`}>{t("statementAdmin.board.photoLink")}</a> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <DraftMessages id={form.errorId} codes={[...replyMessages({ lastResult }, [""]), ...refusals]} params={reply?.params} />
        <TextField meta={fields.location} label={t("statementAdmin.fields.location")} hint={t("statementAdmin.hints.location")} />
        <TextField meta={fields.postedOn} label={t("statementAdmin.fields.postedOn")} hint={t("statementAdmin.hints.date")} />
        <TextField meta={fields.note} label={t("statementAdmin.fields.note")} />
        <div className="field">
          <label htmlFor={fields.photo.id}>{t("statementAdmin.fields.photo")}</label>
          <input id={fields.photo.id} type="file" name={fields.photo.name} accept="application/pdf,image/jpeg,image/png" aria-describedby={`${fields.photo.id}-hint`} />
          <p id={`${fields.photo.id}-hint`} className="hint">{t("statementAdmin.hints.photo")}</p>
          <FieldErrors id={fields.photo.errorId} errors={fields.photo.errors} />
        </div>
        <button type="submit">{t("statementAdmin.actions.record")}</button>
      </Form>
    </section>
  );
}
