import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "~/components/form";
import { formatDateTime } from "~/domain/datetime";
import { outboxActionSchema } from "~/domain/notifications/channels";
import { getDb } from "~/services/db.server";
import { listChannels, queueTestMessage } from "~/services/notifications/channels.server";
import { outboxCounts, recentTrouble, retryMessage } from "~/services/notifications/status.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  const db = getDb();
  const counts = outboxCounts(db);
  return {
    channels: listChannels(db).map((c) => ({ ...c, counts: counts.get(c.id) ?? { pending: 0, sent: 0, failed: 0 } })),
    trouble: recentTrouble(db, 20),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, ["admin"]);
  const submission = parseWithZod(await readForm(request), { schema: outboxActionSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    if (submission.value.intent === "test") queueTestMessage(getDb(), submission.value.id, String(admin.id));
    else retryMessage(getDb(), submission.value.id, String(admin.id));
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect(`/admin/notifications?done=${submission.value.intent}`);
}

export default function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const { channels, trouble } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = search.get("done");
  const errors = actionData?.lastResult.error?.[""] ?? undefined;
  const when = (iso: string) => formatDateTime(iso, i18n.language);
  return (
    <section>
      <h1>{t("notifications.title")}</h1>
      <p>{t("notifications.intro")}</p>
      {done === "test" ? <p className="notice" role="status">{t("notifications.testQueued")}</p> : null}
      {done === "retry" ? <p className="notice" role="status">{t("notifications.retried")}</p> : null}
      <FormErrors id="outbox-errors" errors={errors} />
      <h2>{t("notifications.channels")}</h2>
      {channels.length === 0 ? <p>{t("notifications.noChannels")}</p> : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("notifications.name")}</th><th scope="col">{t("notifications.kind")}</th><th scope="col">{t("notifications.webhookUrl")}</th>
              <th scope="col">{t("notifications.status")}</th><th scope="col">{t("notifications.pending")}</th><th scope="col">{t("notifications.sent")}</th>
              <th scope="col">{t("notifications.failed")}</th><th scope="col" />
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.id}>
                <td><Link to={`/admin/notifications/${c.id}`}>{c.name}</Link></td>
                <td>{t(`notifications.kinds.${c.kind}`)}</td>
                <td><code>{c.webhookMasked}</code>{c.secretMasked ? <> · <code>{c.secretMasked}</code></> : null}</td>
                <td>{c.enabled ? t("notifications.on") : t("notifications.off")}</td>
                <td>{c.counts.pending}</td><td>{c.counts.sent}</td><td>{c.counts.failed}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="id" value={c.id} />
                    <button type="submit" name="intent" value="test" disabled={!c.enabled}>{t("notifications.sendTest")}</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p><Link to="/admin/notifications/new">{t("notifications.addChannel")}</Link></p>
      <h2>{t("notifications.trouble")}</h2>
      {trouble.length === 0 ? <p>{t("notifications.noTrouble")}</p> : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("notifications.createdAt")}</th><th scope="col">{t("notifications.channel")}</th><th scope="col">{t("notifications.topic")}</th>
              <th scope="col">{t("notifications.subject")}</th><th scope="col">{t("notifications.attempts")}</th><th scope="col">{t("notifications.lastError")}</th>
              <th scope="col">{t("notifications.nextAttempt")}</th><th scope="col" />
            </tr>
          </thead>
          <tbody>
            {trouble.map((m) => (
              <tr key={m.id}>
                <td>{when(m.createdAt)}</td><td>{m.channelName}</td><td>{m.topic}</td><td>{m.subject}</td><td>{m.attempts}</td>
                <td>{m.lastError ?? ""}</td>
                <td>{m.status === "failed" ? t("notifications.failed") : when(m.nextAttemptAt)}</td>
                <td>
                  {m.status === "failed" ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={m.id} />
                      <button type="submit" name="intent" value="retry">{t("notifications.retryNow")}</button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
