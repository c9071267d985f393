import { UsageError, type ExportCommand } from "./common";

// Being written (issue 6): replaced by the real export within the hour.
export const statements: ExportCommand = {
  usage: "statements (being written)",
  run() {
    return Promise.reject(new UsageError("statements export is being written"));
  },
};
