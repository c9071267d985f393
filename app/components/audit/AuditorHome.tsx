import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The workspace home's links and the command-line equivalents (issue 6). */
export function AuditorHome() {
  const { t } = useTranslation();
  return (
    <>
      <p>{t("trail.home.explain")}</p>
      <ul className="workspace-links">
        <li><Link to="/auditor/trail">{t("trail.home.trail")}</Link> — {t("trail.home.trailHint")}</li>
        <li><Link to="/auditor/exports">{t("trail.home.exports")}</Link> — {t("trail.home.exportsHint")}</li>
        <li>
          <a className="button" href="/auditor/bundle" download>{t("trail.home.bundle")}</a>{" "}
          <a className="button" href="/auditor/bundle?attachments=1" download>{t("trail.home.bundleWithAttachments")}</a>
          {" — "}{t("trail.home.bundleHint")}
        </li>
        <li><a href="/verify">{t("trail.home.verifyPage")}</a> — {t("trail.home.verifyHint")}</li>
      </ul>
      <h2>{t("trail.home.cliTitle")}</h2>
      <p>{t("trail.home.cli")}</p>
      <dl className="facts cli">
        <dt><code>npm run audit:verify</code></dt><dd>{t("trail.home.cliVerify")}</dd>
        <dt><code>npm run export -- bundle --out FILE.zip</code></dt><dd>{t("trail.home.cliBundle")}</dd>
        <dt><code>npm run statements:verify</code></dt><dd>{t("trail.home.cliStatements")}</dd>
      </dl>
    </>
  );
}
