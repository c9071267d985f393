import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MAX_SUBJECT_LENGTH, MAX_TEXT_LENGTH } from "~/domain/audit/trail-query";

type Values = Partial<Record<"from" | "to" | "actor" | "action" | "subject" | "text", string>>;

/**
 * The trail's filters: a plain GET form (works without JavaScript), so the
 * filters live in the URL and the server does the filtering.
 */
export function TrailFilters({ values, errors, actors, actions }: {
  values: Values;
  errors: Record<string, string[]> | null;
  actors: readonly { value: string; name: string | null }[];
  actions: readonly string[];
}) {
  const { t, i18n } = useTranslation();
  const actionWord = (action: string) => {
    const key = `timeline.actions.${action.replace(/\./g, "_")}`;
    return i18n.exists(key) ? `${t(key)} (${action})` : action;
  };
  const actorWord = (actor: { value: string; name: string | null }) => {
    if (actor.value === "system") return t("trail.system");
    if (actor.value === "anonymous") return t("trail.anonymous");
    return actor.name ?? t("trail.unknownUser", { id: actor.value });
  };
  const fieldErrors = (name: string) => {
    const codes = errors?.[name];
    return codes && codes.length > 0 ? (
      <ul id={`${name}-errors`} className="field-errors">{codes.map((code) => <li key={code}>{t(code)}</li>)}</ul>
    ) : null;
  };
  const invalid = (name: string) => (errors?.[name] ? { "aria-invalid": true, "aria-describedby": `${name}-errors` } : {});
  const knownActor = values.actor === undefined || actors.some((a) => a.value === values.actor);
  const knownAction = values.action === undefined || actions.includes(values.action);
  return (
    <Form method="get" className="trail-filters">
      <fieldset>
        <legend>{t("trail.filters.legend")}</legend>
        <label>{t("trail.filters.from")} <input type="date" name="from" defaultValue={values.from ?? ""} {...invalid("from")} /></label>
        {fieldErrors("from")}
        <label>{t("trail.filters.to")} <input type="date" name="to" defaultValue={values.to ?? ""} {...invalid("to")} /></label>
        {fieldErrors("to")}
        <label>{t("trail.filters.actor")}{" "}
          <select name="actor" defaultValue={values.actor ?? ""} {...invalid("actor")}>
            <option value="">{t("trail.filters.anyActor")}</option>
            {actors.map((actor) => <option key={actor.value} value={actor.value}>{actorWord(actor)}</option>)}
            {knownActor ? null : <option value={values.actor}>{values.actor}</option>}
          </select>
        </label>
        {fieldErrors("actor")}
        <label>{t("trail.filters.action")}{" "}
          <select name="action" defaultValue={values.action ?? ""} {...invalid("action")}>
            <option value="">{t("trail.filters.anyAction")}</option>
            {actions.map((action) => <option key={action} value={action}>{actionWord(action)}</option>)}
            {knownAction ? null : <option value={values.action}>{values.action}</option>}
          </select>
        </label>
        {fieldErrors("action")}
        <label>{t("trail.filters.subject")}{" "}
          <input name="subject" defaultValue={values.subject ?? ""} maxLength={MAX_SUBJECT_LENGTH} placeholder="proposal:12" title={t("trail.filters.subjectHint")} {...invalid("subject")} />
        </label>
        {fieldErrors("subject")}
        <label>{t("trail.filters.text")}{" "}
          <input type="search" name="text" defaultValue={values.text ?? ""} maxLength={MAX_TEXT_LENGTH} title={t("trail.filters.textHint")} {...invalid("text")} />
        </label>
        {fieldErrors("text")}
        {fieldErrors("before")}
        {fieldErrors("after")}
        {fieldErrors("")}
        <button type="submit">{t("trail.filters.apply")}</button>{" "}
        <Link to="/auditor/trail">{t("trail.filters.clear")}</Link>
      </fieldset>
    </Form>
  );
}
