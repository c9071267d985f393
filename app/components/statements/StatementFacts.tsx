import { useTranslation } from "react-i18next";
import { ShortHash } from "./RevisionList";

/** Which revision this is: the latest, or superseded (with a link to the latest); and what it corrects. */
export function RevisionBanner(props: {
  revision: number;
  latest: boolean;
  newest: { id: number; revision: number } | null;
  corrects: { id: number; revision: number } | null;
  reason: string | null;
}) {
  const { t } = useTranslation();
  return (
    <div className={props.latest ? "notice revision-banner" : "notice danger revision-banner"} role="status">
      {props.latest || !props.newest ? (
        <p>{t("statements.banner.latest", { n: props.revision })}</p>
      ) : (
        <p>
          {t("statements.banner.superseded", { n: props.revision })}{" "}
          <a href={`/statements/${props.newest.id}`}>{t("statements.banner.supersededLink", { n: props.newest.revision })}</a>
        </p>
      )}
      {props.reason ? (
        <p>
          {t("statements.banner.corrects", { reason: props.reason })}
          {props.corrects ? <> (<a href={`/statements/${props.corrects.id}`}>{t("statements.revision", { n: props.corrects.revision })}</a>)</> : null}
        </p>
      ) : null}
    </div>
  );
}

/** The proof of what was published: the statement's hash, the audit head, the previous and corrected statements' hashes. */
export function IntegrityFacts(props: {
  hash: string;
  auditHead: { seq: number; hash: string };
  previousHash: string | null;
  previous: { id: number; period: string } | null;
  supersedesHash: string | null;
  postedFrom: string;
  postedTo: string;
}) {
  const { t } = useTranslation();
  return (
    <dl className="facts integrity">
      <dt>{t("statements.postingWindow")}</dt>
      <dd>{t("statements.windowRange", { from: props.postedFrom, to: props.postedTo })}</dd>
      <dt>{t("statements.integrity.statementHash")}</dt>
      <dd><code className="hash-full">{props.hash}</code></dd>
      <dt>{t("statements.integrity.auditHead")}</dt>
      <dd>{t("statements.integrity.auditHeadValue", { seq: props.auditHead.seq, hash: "" })}<code className="hash-full">{props.auditHead.hash}</code></dd>
      <dt>{t("statements.integrity.previousHash")}</dt>
      <dd>
        {props.previousHash === null ? t("statements.integrity.previousNone")
          : props.previous ? <a href={`/statements/${props.previous.id}`}><code className="hash-full">{props.previousHash}</code></a>
          : <code className="hash-full">{props.previousHash}</code>}
      </dd>
      {props.supersedesHash ? (
        <>
          <dt>{t("statements.integrity.supersedesHash")}</dt>
          <dd><code className="hash-full">{props.supersedesHash}</code></dd>
        </>
      ) : null}
    </dl>
  );
}

/**
 * Where the statement was posted, with the board photos (readable by whoever may read the statement).
 */
export function BoardPostings({ postings }: { postings: { id: number; location: string; postedOn: string; note: string; photoAttachmentId: number | null }[] }) {
  const { t } = useTranslation();
  if (postings.length === 0) return <p className="muted">{t("statements.boardNone")}</p>;
  return (
    <ul className="board-postings">
      {postings.map((p) => (
        <li key={p.id}>
          {p.postedOn} · {p.location}
          {p.note ? <> · {p.note}</> : null}
          {p.photoAttachmentId !== null ? <> · <a href={`/attachments/${p.photoAttachmentId}`}>{t("statements.boardPhoto")}</a></> : null}
        </li>
      ))}
    </ul>
  );
}

export { ShortHash };
