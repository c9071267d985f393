import { setupServer } from "msw/node";
import { dingtalkHandlers } from "./dingtalk";
import { wecomHandlers } from "./wecom";

/** One msw server for every outside service; handlers live in one file per vendor. */
export const server = setupServer(...dingtalkHandlers, ...wecomHandlers);
