import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { LOCALES } from "~/i18n/locales";
import { assertSameOrigin, localeCookie, readForm, safeRedirect } from "~/services/request.server";

const schema = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().max(500).optional() });

export async function loader() {
  return redirect("/");
}

/** Switches the language for this browser; works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response(JSON.stringify({ code: "errors.invalid" }), { status: 400 });
  return redirect(safeRedirect(parsed.data.redirectTo, "/"), { headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) } });
}
