import type { Strings } from "../strings";
import type { verifyZh } from "./verify.zh-CN";

export const verifyEn: Strings<typeof verifyZh> = {
  title: "Verify a statement",
  intro: "Every statement on the notice board carries its SHA-256 hash. Enter (or scan) that hash to see whether it is a statement this community published, and whether the audit chain head it recorded when published is still in today's audit chain. No login needed.",
  label: "Statement hash or statement address",
  hint: "64 hexadecimal digits (0–9, a–f), in either case; or paste a statement's web address.",
  submit: "Verify",
  found: "This is a statement this community published: {{period}}, revision {{revision}}{{which}}, published {{publishedAt}}.",
  latest: " (the latest)",
  superseded: " (a corrected revision has since been published)",
  open: "Open this statement",
  hash: "Hash",
  headOk: "The audit chain head #{{seq}} {{hash}} recorded when it was published is still in today's audit chain ✓",
  headMissing: "Warning: the audit chain head #{{seq}} {{hash}} recorded when this statement was published is no longer in today's audit chain. The history before publication may have been rewritten: tell the committee and the auditors.",
  notFound: "Not found: this is not the hash of a statement this community published.",
  whole: "To verify the whole audit chain, an auditor can download the chain file and run",
  errors: {
    badHash: "Enter a SHA-256 hash of 64 hexadecimal digits (0–9, a–f), or a statement's web address.",
  },
  print: {
    qrLabel: "Scan to verify this statement's hash",
    hint: "Scan or open this address to verify this statement's hash:",
  },
};
