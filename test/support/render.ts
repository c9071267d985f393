import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import type { RouteObject } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { createI18n } from "~/i18n/i18n";

/**
 * Server-renders a route's page with the data its loader gave — and, given,
 * an action's reply as after a refused POST — without JavaScript, in `lang`.
 */
export async function renderRoutePage(page: {
  url: string;
  path: string;
  Component: ComponentType;
  loaderData: unknown;
  actionData?: unknown;
  lang?: "zh-CN" | "en";
}): Promise<string> {
  const { url, path, Component, loaderData, actionData } = page;
  const routes: RouteObject[] = [{ id: "page", path, loader: () => loaderData as Record<string, unknown>, action: () => actionData as Record<string, unknown>, Component }];
  const handler = createStaticHandler(routes);
  const request = actionData === undefined ? new Request(`http://localhost${url}`) : new Request(`http://localhost${url}`, { method: "POST", body: new FormData() });
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error("unexpected redirect");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(createElement(I18nextProvider, { i18n: createI18n(page.lang ?? "zh-CN") }, createElement(StaticRouterProvider, { router, context })));
}

/** The page without its inline scripts (the serialised loader data): where an unresolved i18n key would show. */
export function visibleHtml(html: string): string {
  return html.replace(/<script>.*?<\/script>/gs, "");
}
