/**
 * Builders for the owners' portal tests (issue 5, section C): a period
 * reopened by the committee's vote and published again (a second revision),
 * and a Remix request handler over the real app (root, entry.server and the
 * portal's routes) so conditional GETs go the whole way through Remix.
 */
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { Db } from "~db/connection";
import * as entryServer from "~/entry.server";
import * as root from "~/root";
import * as statementsIndex from "~/routes/statements._index";
import * as statementPage from "~/routes/statements.$publishedId";
import { castVote } from "~/services/spending/votes.server";
import { approvalState, parseVoters } from "~/services/spending/approvals.server";
import { requestReopen } from "~/services/statements/reopen.server";
import { latestDraftOf, updateWorkReport } from "~/services/statements/drafts.server";
import { publishPeriod, sessionUserOf, STATEMENT_NOW } from "./statements";

/** The committee reopens a published revision (every voter approves) and the period is published again. */
export function republish(db: Db, publishedId: number, period: string, reason: string, workReport: string) {
  const { approvalId } = requestReopen(db, publishedId, { reason }, sessionUserOf(db, "committee1"), STATEMENT_NOW);
  for (const voter of parseVoters(approvalState(db, approvalId)!.approval)) {
    if (approvalState(db, approvalId)!.approval.status !== "open") break;
    castVote(db, { approvalId, userId: voter.userId, choice: "approve", comment: "" }, String(voter.userId), STATEMENT_NOW);
  }
  updateWorkReport(db, latestDraftOf(db, period)!.id, { workReport }, sessionUserOf(db, "manager"), STATEMENT_NOW);
  return publishPeriod(db, period, { postedFrom: "2026-11-21" });
}

type RouteModule = ServerBuild["routes"][string]["module"];

function route(id: string, path: string | undefined, module: RouteModule, parentId?: string) {
  return {
    build: { id, path, parentId, module },
    manifest: {
      id, path, parentId, module: `/${id}.js`, imports: [], hasLoader: "loader" in module, hasAction: "action" in module,
      hasClientAction: false, hasClientLoader: false, hasErrorBoundary: "ErrorBoundary" in module,
    },
  };
}

/** A Remix request handler serving the portal's pages through the app's root and entry.server, as the built app does. */
export function portalHandler(): (request: Request) => Promise<Response> {
  const routes = [
    route("root", "", root as RouteModule),
    route("routes/statements._index", "statements", statementsIndex as RouteModule, "root"),
    route("routes/statements.$publishedId", "statements/:publishedId", statementPage as RouteModule, "root"),
  ];
  const build = {
    mode: "production",
    entry: { module: entryServer },
    routes: Object.fromEntries(routes.map((r) => [r.build.id, r.build])),
    assets: {
      entry: { module: "/entry.client.js", imports: [] },
      routes: Object.fromEntries(routes.map((r) => [r.manifest.id, r.manifest])),
      url: "/manifest.js",
      version: "test",
    },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: true, v3_lazyRouteDiscovery: true },
    isSpaMode: false,
    basename: undefined,
    static: undefined,
  } as unknown as ServerBuild;
  const handler = createRequestHandler(build, "production");
  return (request) => handler(request, { clientAddress: "127.0.0.1" });
}
