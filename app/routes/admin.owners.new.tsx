import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OwnerForm } from "~/components/OwnerForm";
import { ownerFormSchema } from "~/domain/register";
import { getDb } from "~/services/db.server";
import { createOwner } from "~/services/owners.server";
import { invalid, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["admin"]);
  const submission = parseWithZod(await readForm(request), { schema: ownerFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    const { owner } = createOwner(getDb(), submission.value, String(user.id));
    return redirect(`/admin/owners/${owner.id}`);
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function NewOwnerPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t("owners.new")}</h1>
      <OwnerForm lastResult={actionData?.lastResult} submitLabel={t("actions.create")} />
    </section>
  );
}
