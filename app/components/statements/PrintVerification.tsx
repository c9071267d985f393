import { useTranslation } from "react-i18next";
import type { StatementSnapshot } from "~/domain/statements/snapshot";
import { VerifyQr, verifyUrlFrom } from "../audit/VerifyQr";

/** The signature blocks for the committee and the property company, with date lines. */
export function PrintSignatures() {
  const { t } = useTranslation();
  return (
    <section className="print-signatures">
      {(["committee", "company"] as const).map((who) => (
        <div key={who} className="print-signature">
          <p className="print-signature-title">{t(`statementPrint.signatures.${who}`)}</p>
          <p>{t("statementPrint.signatures.signer")}<span className="print-line" /></p>
          <p>{t("statementPrint.signatures.date")}</p>
        </div>
      ))}
    </section>
  );
}

export interface VerificationFacts {
  hash: string;
  snapshot: Pick<StatementSnapshot, "auditHead" | "previousHash" | "postingWindow">;
  onlineUrl: string;
  qrSvg: string;
  /** The public check of this hash (verifyUrl in qr.server.ts); derived from onlineUrl when not given. */
  verifyUrl?: string;
}

/**
 * What lets a reader of the paper check it against the online copy and the
 * audit chain (DESIGN.md §6): the posting window, the statement's hash, the
 * audit head it witnesses, the previous statement's hash, the QR code.
 */
export function PrintVerification({ hash, snapshot, onlineUrl, qrSvg, verifyUrl }: VerificationFacts) {
  const { t } = useTranslation();
  const checkUrl = verifyUrl ?? verifyUrlFrom(onlineUrl, hash);
  return (
    <section className="print-verification" aria-labelledby="print-verification">
      <div className="print-verification-facts">
        <h2 id="print-verification">{t("statementPrint.verification")}</h2>
        <dl>
          <dt>{t("statementPrint.postingWindow")}</dt>
          <dd>{t("statementPrint.windowRange", { from: snapshot.postingWindow.from, to: snapshot.postingWindow.to })}</dd>
          <dt>{t("statementPrint.hash")}</dt>
          <dd className="hash" data-testid="statement-hash">{hash}</dd>
          <dd className="print-verify-link" data-testid="statement-verify" style={{ display: "flex", gap: "2mm", alignItems: "center", marginTop: "1mm" }}>
            {/* A second, smaller code: scanning it asks the site whether this hash is a published statement. */}
            <VerifyQr url={checkUrl} label={t("verify.print.qrLabel")} className="print-verify-qr" sizeMm={18} />
            <span className="print-small">{t("verify.print.hint")} <span className="print-url">{checkUrl}</span></span>
          </dd>
          <dt>{t("statementPrint.auditHead")}</dt>
          <dd>{t("statementPrint.auditHeadValue", { seq: snapshot.auditHead.seq })} <span className="hash">{snapshot.auditHead.hash}</span></dd>
          <dt>{t("statementPrint.previousHash")}</dt>
          <dd className={snapshot.previousHash ? "hash" : undefined}>{snapshot.previousHash ?? t("statementPrint.firstStatement")}</dd>
        </dl>
        <p className="print-small">{t("statementPrint.verifyHint")}</p>
      </div>
      <figure className="print-qr">
        {/* Our own SVG, made by the qrcode package from the statement's address: no script, no outside reference. */}
        <div className="print-qr-code" role="img" aria-label={t("statementPrint.qrCaption")} dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <figcaption>{t("statementPrint.qrCaption")}<br /><span className="print-url">{onlineUrl}</span></figcaption>
      </figure>
    </section>
  );
}
