import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OwnerForm } from "~/components/OwnerForm";
import { SubjectTimeline } from "~/components/SubjectTimeline";
import { formatArea } from "~/domain/area";
import { ownerFormSchema } from "~/domain/register";
import { getDb } from "~/services/db.server";
import { getOwner, updateOwner } from "~/services/owners.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";
import { ownerHistory } from "~/services/timeline-pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  const found = getOwner(getDb(), parseId(params.ownerId));
  if (!found) throw notFound();
  const { piiSalt: _salt, ...owner } = found.owner;
  return { owner, units: found.units.map((u) => ({ id: u.id, building: u.building, number: u.number, kind: u.kind, area: formatArea(u.areaCentiM2) })), history: ownerHistory(getDb(), owner.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["admin"]);
  const id = parseId(params.ownerId);
  const submission = parseWithZod(await readForm(request), { schema: ownerFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    updateOwner(getDb(), id, submission.value, String(user.id));
    return redirect("/admin/owners");
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function EditOwnerPage() {
  const { t } = useTranslation();
  const { owner, units, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t("owners.edit", { name: owner.name })}</h1>
      <OwnerForm lastResult={actionData?.lastResult} defaultValue={{ kind: owner.kind, name: owner.name, phone: owner.phone }} submitLabel={t("actions.save")} />
      <h2>{t("owners.units")}</h2>
      <ul>
        {units.map((u) => (
          <li key={u.id}><Link to={`/admin/units/${u.id}`}>{u.building} {u.number}</Link> · {u.area} m² · {t(`unitKinds.${u.kind}`)}</li>
        ))}
      </ul>
      {history ? <SubjectTimeline items={history.items} writtenBy={history.writtenBy} /> : null}
    </section>
  );
}
