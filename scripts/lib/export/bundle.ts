import { UsageError, type ExportCommand } from "./common";

// Being written (issue 6): replaced by the real export within the hour.
export const bundle: ExportCommand = {
  usage: "bundle (being written)",
  run() {
    return Promise.reject(new UsageError("bundle export is being written"));
  },
};
