import { useTranslation } from "react-i18next";

/**
 * One kind of export: optional from/to days and one button per format. The
 * form is a plain GET; each button sends it to its own download URL
 * (formAction), so it works without JavaScript.
 */
export function ExportForm({ kind, formats, command }: { kind: string; formats: readonly string[]; command: string }) {
  const { t } = useTranslation();
  const id = (name: string) => `export-${kind}-${name}`;
  return (
    <section className="export-kind" aria-labelledby={id("title")}>
      <h2 id={id("title")}>{t(`exports.kinds.${kind}`)}</h2>
      <p>{t(`exports.describe.${kind}`)}</p>
      <form method="get" action={`/auditor/export/${kind}/${formats[0] ?? ""}`} className="filters">
        <div className="field">
          <label htmlFor={id("from")}>{t("exports.from")}</label>
          <input id={id("from")} name="from" type="date" pattern="\d{4}-\d{2}-\d{2}" />
        </div>
        <div className="field">
          <label htmlFor={id("to")}>{t("exports.to")}</label>
          <input id={id("to")} name="to" type="date" pattern="\d{4}-\d{2}-\d{2}" />
        </div>
        <p>
          {formats.map((format) => (
            <button key={format} type="submit" formAction={`/auditor/export/${kind}/${format}`}>
              {t("exports.download", { format: t(`exports.formats.${format}`) })}
            </button>
          ))}
        </p>
      </form>
      <p className="hint">{t("exports.cli")} <code>{command}</code></p>
    </section>
  );
}
