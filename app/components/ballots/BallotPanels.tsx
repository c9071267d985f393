import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatArea } from "~/domain/area";
import { CHOICES } from "~/domain/decisions/ballot-tally";
import { formatDateTime } from "~/domain/datetime";

/**
 * The owner's part of a ballot page: their weight and the vote form, their
 * vote once cast, or why they cannot vote. Plain forms: no JavaScript needed.
 * No field names an owner — the server votes as the signed-in account's owner.
 */
export function VotePanel({ mine, acceptsVotes }: {
  mine: { elector: { areaCentiM2: number; unitCount: number } | null; vote: { choice: string; castAt: string } | null } | null;
  acceptsVotes: boolean;
}) {
  const { t, i18n } = useTranslation();
  if (mine === null) return null;
  return (
    <section id="your-vote">
      <h2>{t("ballots.detail.yourVote")}</h2>
      {mine.elector === null ? <p>{t("ballots.detail.notElector")}</p> : (
        <>
          <p>{t("ballots.detail.weight", { units: mine.elector.unitCount, area: formatArea(mine.elector.areaCentiM2) })}</p>
          {mine.vote ? (
            <p><strong>{t("ballots.detail.voted", { choice: t(`ballots.choices.${mine.vote.choice}`), at: formatDateTime(mine.vote.castAt, i18n.language) })}</strong></p>
          ) : acceptsVotes ? (
            <Form method="post">
              <input type="hidden" name="intent" value="vote" />
              <fieldset>
                {CHOICES.map((c) => (
                  <label key={c}><input type="radio" name="choice" value={c} required /> {t(`ballots.choices.${c}`)}</label>
                ))}
              </fieldset>
              <p className="hint">{t("ballots.detail.voteHint")}</p>
              <button type="submit">{t("ballots.detail.submitVote")}</button>
            </Form>
          ) : <p>{t("ballots.detail.over")}</p>}
        </>
      )}
      <p className="hint">{t("ballots.detail.notOwnerAccount")}</p>
    </section>
  );
}

/** The committee's close button, and why it is not yet allowed. */
export function ClosePanel({ closeAllowed }: { closeAllowed: boolean }) {
  const { t } = useTranslation();
  return (
    <section id="close-ballot">
      <h2>{t("ballots.detail.closeTitle")}</h2>
      <p className="hint">{closeAllowed ? t("ballots.detail.closeHint") : t("ballots.detail.closeNotYet")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="close" />
        <button type="submit" disabled={!closeAllowed}>{t("ballots.detail.closeNow")}</button>
      </Form>
    </section>
  );
}
