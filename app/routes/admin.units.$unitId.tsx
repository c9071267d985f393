import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubjectTimeline } from "~/components/SubjectTimeline";
import { UnitForm } from "~/components/UnitForm";
import { formatArea } from "~/domain/area";
import { unitFormSchema } from "~/domain/register";
import { getDb } from "~/services/db.server";
import { ownerChoices } from "~/services/owners.server";
import { unitHistory } from "~/services/timeline-pages.server";
import { getUnit, updateUnit } from "~/services/units.server";
import { invalid, notFound, parseId, readForm, refuse, requireUser } from "~/services/request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ["admin"]);
  const unit = getUnit(getDb(), parseId(params.unitId));
  if (!unit) throw notFound();
  return { unit: { ...unit, area: formatArea(unit.areaCentiM2) }, owners: ownerChoices(getDb()), history: unitHistory(getDb(), unit.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ["admin"]);
  const id = parseId(params.unitId);
  const submission = parseWithZod(await readForm(request), { schema: unitFormSchema });
  if (submission.status !== "success") return invalid(submission);
  try {
    updateUnit(getDb(), id, submission.value, String(user.id));
    return redirect("/admin/units");
  } catch (error) {
    return refuse(submission, error);
  }
}

export default function EditUnitPage() {
  const { t } = useTranslation();
  const { unit, owners, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="narrow">
      <h1>{t("units.edit", { name: `${unit.building} ${unit.number}` })}</h1>
      <UnitForm
        lastResult={actionData?.lastResult}
        owners={owners}
        defaultValue={{ building: unit.building, number: unit.number, area: unit.area, kind: unit.kind, ownerId: String(unit.ownerId) }}
        submitLabel={t("actions.save")}
      />
      {history ? <SubjectTimeline items={history.items} writtenBy={history.writtenBy} /> : null}
    </section>
  );
}
