import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout } from "~/services/auth.server";
import { getDb } from "~/services/db.server";
import { assertSameOrigin, destroySession, sessionToken } from "~/services/request.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const token = await sessionToken(request);
  if (token) logout(getDb(), token);
  return redirect("/login", { headers: { "Set-Cookie": await destroySession(request) } });
}
