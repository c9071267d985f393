import "~/zod-config";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form, isRouteErrorResponse, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration,
  useLocation, useRouteError, useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useNonce } from "~/components/nonce";
import { navFor } from "~/domain/roles";
import { getCommunity } from "~/services/community.server";
import { getDb } from "~/services/db.server";
import { getLocale, getUser } from "~/services/request.server";
import stylesHref from "~/styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
export const meta: MetaFunction = () => [{ title: "明账 Mingzhang" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getUser(request), getLocale(request)]);
  const community = getCommunity(getDb());
  return {
    locale,
    communityName: community?.name ?? null,
    user: user ? { displayName: user.displayName, roles: user.roles, isDirector: user.isDirector } : null,
  };
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData();
  const { t } = useTranslation();
  const location = useLocation();
  const nonce = useNonce();
  const locale = root?.locale ?? "zh-CN";
  const nav = root?.user ? navFor(root.user.roles) : [];
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip" href="#main">{t("app.skip")}</a>
        <header className="site-header">
          <div className="brand">
            <a href="/">{t("app.name")}</a>
            {root?.communityName ? <span className="community">{root.communityName}</span> : null}
          </div>
          {nav.length > 0 ? (
            <nav aria-label={t("nav.label")}>
              <ul>
                {nav.map((item) => (
                  <li key={item.to}><NavLink to={item.to} end>{t(item.labelKey)}</NavLink></li>
                ))}
              </ul>
            </nav>
          ) : null}
          <div className="header-tools">
            <Form method="post" action="/lang" className="inline" reloadDocument>
              <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
              <input type="hidden" name="locale" value={locale === "en" ? "zh-CN" : "en"} />
              <button type="submit" className="link" lang={locale === "en" ? "zh-CN" : "en"}>{locale === "en" ? "中文" : "English"}</button>
            </Form>
            {root?.user ? (
              <>
                <a href="/account/password" className="user-name">{root.user.displayName}</a>
                <Form method="post" action="/logout" className="inline">
                  <button type="submit" className="link">{t("auth.logout")}</button>
                </Form>
              </>
            ) : null}
          </div>
        </header>
        <main id="main">{children}</main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  let title = t("errors.unexpected");
  let detail: string | null = null;
  if (isRouteErrorResponse(error)) {
    const code = typeof error.data === "string" ? safeCode(error.data) : (error.data as { code?: string } | null)?.code;
    title = error.status === 403 ? t("errors.forbiddenTitle") : error.status === 404 ? t("errors.notFoundTitle") : `${error.status}`;
    detail = code ? t(code) : null;
  }
  return (
    <section className="error-page" role="alert">
      <h1>{title}</h1>
      {detail ? <p>{detail}</p> : null}
      <p><a href="/">{t("errors.backHome")}</a></p>
    </section>
  );
}

function safeCode(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { code?: string }).code;
  } catch {
    return undefined;
  }
}
