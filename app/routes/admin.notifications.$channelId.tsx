import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, FormErrors, SelectField, TextField } from "~/components/form";
import { CHANNEL_KINDS, channelFormSchema } from "~/domain/notifications/channels";
import { getDb } from "~/services/db.server";
import { getChannel, saveChannel } from "~/services/notifications/channels.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";

/** /admin/notifications/new adds a group robot; /admin/notifications/:id edits one. */
function channelIdOf(param: string | undefined): number | undefined {
  return param === "new" ? undefined : parseId(param);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  const id = channelIdOf(params.channelId);
  if (id === undefined) return { channel: null };
  const channel = getChannel(getDb(), id);
  if (!channel) throw notFound();
  return { channel };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, ["admin"]);
  const id = channelIdOf(params.channelId);
  const parsed = parseWithZod(await readForm(request), { schema: channelFormSchema });
  // The reply never echoes a typed secret back into the page.
  const submission = { ...parsed, reply: (options: Parameters<typeof parsed.reply>[0] = {}) => parsed.reply({ ...options, hideFields: ["secret"] }) };
  if (parsed.status !== "success") return invalid(submission);
  try {
    saveChannel(getDb(), { ...parsed.value, channelId: id }, String(admin.id));
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect("/admin/notifications");
}

export default function ChannelPage() {
  const { t } = useTranslation();
  const { channel } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult,
    defaultValue: channel ? { kind: channel.kind, name: channel.name, enabled: channel.enabled } : { kind: "dingtalk", enabled: true },
    constraint: getZodConstraint(channelFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: channelFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow">
      <h1>{channel ? t("notifications.editChannel", { name: channel.name }) : t("notifications.newChannel")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField meta={fields.kind} label={t("notifications.kind")} options={CHANNEL_KINDS.map((k) => ({ value: k, label: t(`notifications.kinds.${k}`) }))} />
        <TextField meta={fields.name} label={t("notifications.name")} />
        <TextField
          meta={fields.webhookUrl}
          label={t("notifications.webhookUrl")}
          autoComplete="off"
          hint={channel ? t("notifications.webhookHintEdit", { masked: channel.webhookMasked }) : t("notifications.webhookHintNew")}
        />
        <TextField
          meta={fields.secret}
          label={t("notifications.secret")}
          type="password"
          autoComplete="off"
          hint={channel ? t("notifications.secretHintEdit", { masked: channel.secretMasked || t("notifications.secretNone") }) : t("notifications.secretHintNew")}
        />
        <CheckboxField meta={fields.enabled} label={t("notifications.enabled")} />
        <button type="submit">{t("notifications.save")}</button>
      </Form>
      <p><Link to="/admin/notifications">{t("notifications.back")}</Link></p>
    </section>
  );
}
