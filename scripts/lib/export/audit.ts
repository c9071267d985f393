import { UsageError, type ExportCommand } from "./common";

// Being written (issue 6): replaced by the real export within the hour.
export const audit: ExportCommand = {
  usage: "audit (being written)",
  run() {
    return Promise.reject(new UsageError("audit export is being written"));
  },
};
