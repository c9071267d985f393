import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, FormErrors, SelectField, TextField } from "~/components/form";
import { communityFormSchema, DEFAULT_SETTINGS, MAX_ANSWER_DUE_DAYS, MIN_ANSWER_DUE_DAYS, MIN_POSTING_DAYS } from "~/domain/community-settings";
import { createCommunity, getCommunity, updateCommunity } from "~/services/community.server";
import { getDb } from "~/services/db.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  return { community: getCommunity(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["admin"]);
  const submission = parseWithZod(await readForm(request), { schema: communityFormSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = getDb();
  try {
    if (getCommunity(db)) updateCommunity(db, submission.value, String(user.id));
    else createCommunity(db, submission.value, String(user.id));
  } catch (error) {
    return refuse(submission, error);
  }
  return redirect("/admin");
}

export default function CommunityPage() {
  const { t } = useTranslation();
  const { community } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const settings = community?.settings ?? DEFAULT_SETTINGS;
  const [form, fields] = useForm({
    lastResult: actionData?.lastResult,
    defaultValue: {
      name: community?.name ?? "", address: community?.address ?? "", billingPeriod: settings.billingPeriod, postingMinDays: String(settings.postingMinDays),
      statementsPublic: settings.statementsPublic ? "on" : "", answerDueDays: String(settings.answerDueDays),
      maintenanceFundMinPercent: settings.maintenanceFundMinPercent,
    },
    constraint: getZodConstraint(communityFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: communityFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="narrow">
      <h1>{community ? t("admin.editCommunity") : t("admin.setUpCommunity")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.name} label={t("community.name")} />
        <TextField meta={fields.address} label={t("community.address")} />
        <SelectField meta={fields.billingPeriod} label={t("community.billingPeriod")} options={[
          { value: "monthly", label: t("billingPeriods.monthly") }, { value: "quarterly", label: t("billingPeriods.quarterly") },
        ]} />
        <TextField meta={fields.postingMinDays} label={t("community.postingMinDays")} type="number" hint={t("community.postingHint", { min: MIN_POSTING_DAYS })} />
        <CheckboxField meta={fields.statementsPublic} label={t("questions.settings.statementsPublic")} />
        <p className="hint">{t("questions.settings.statementsPublicHint")}</p>
        <TextField meta={fields.answerDueDays} label={t("questions.settings.answerDueDays")} type="number"
          hint={t("questions.settings.answerDueDaysHint", { min: MIN_ANSWER_DUE_DAYS, max: MAX_ANSWER_DUE_DAYS })} />
        <TextField meta={fields.maintenanceFundMinPercent} label={t("publicRevenue.floor.label")} hint={t("publicRevenue.floor.hint")} />
        <button type="submit">{t("actions.save")}</button>
      </Form>
    </section>
  );
}
