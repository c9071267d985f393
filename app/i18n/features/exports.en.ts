import type { Strings } from "../strings";
import type { exportsZh } from "./exports.zh-CN";

export const exportsEn: Strings<typeof exportsZh> = {
  title: "Exports",
  intro: "These files are streamed while they are made, however large. Dates are days in Beijing time; leave them empty for everything.",
  from: "From",
  to: "To",
  download: "Download {{format}}",
  back: "Back to the exports",
  cli: "Command line:",
  kinds: {
    audit: "Audit chain events",
    ledger: "Ledger",
    statements: "Published statements",
  },
  describe: {
    audit: "One event per line. Verify JSON Lines with npm run audit:verify -- --file FILE (a full export verifies from event 1 to the head; a slice by dates can only have its links checked). The dates are the days the events were written.",
    ledger: "A journal that hledger and ledger-cli read, or CSV with one row per posting. The dates are business dates.",
    statements: "Every published revision: JSON keeps the exact snapshot text (its SHA-256 is the statement hash); CSV and XLSX have one row per statement line. The dates select periods by their last day.",
  },
  formats: {
    jsonl: "JSON Lines",
    csv: "CSV",
    xlsx: "XLSX",
    json: "JSON",
    journal: "journal",
  },
  errors: {
    badDate: "Dates must be written YYYY-MM-DD.",
    badRange: "The start date cannot be after the end date.",
  },
};
