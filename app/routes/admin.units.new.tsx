import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { UnitForm } from "~/components/UnitForm";
import { unitFormSchema } from "~/domain/register";
import { getDb } from "~/services/db.server";
import { ownerChoices } from "~/services/owners.server";
import { createUnit } from "~/services/units.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  return { owners: ownerChoices(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["admin"]);
  const submission = parseWithZod(await readForm(request), { schema: unitFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const { unit } = createUnit(getDb(), submission.value, String(user.id));
    return redirect(`/admin/units/${unit.id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function NewUnitPage() {
  const { t } = useTranslation();
  const { owners } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t("units.new")}</h1>
      <UnitForm lastResult={actionData?.lastResult} owners={owners} submitLabel={t("actions.create")} />
    </section>
  );
}
