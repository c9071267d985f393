/**
 * The manager's work report 工作情况汇报 is plain text a person typed. It is
 * read as blocks — paragraphs, bullet lists ("- ", "• ", "* ") and numbered
 * lists ("1. ", "1、", "1)") — and rendered as React text, never as HTML, so
 * a "<script>" in it shows as those characters.
 */
export type WorkReportBlock =
  | { kind: "paragraph"; lines: string[] }
  | { kind: "bullets"; items: string[] }
  | { kind: "numbered"; start: number; items: string[] };

const BULLET = /^\s*[-•*·]\s+(.*)$/u;
const NUMBERED = /^\s*(\d{1,3})(?:[.)）]\s+|、\s*)(.*)$/u;

type LineKind = { kind: "blank" } | { kind: "bullet"; text: string } | { kind: "numbered"; n: number; text: string } | { kind: "text"; text: string };

function classify(line: string): LineKind {
  if (line.trim() === "") return { kind: "blank" };
  const bullet = BULLET.exec(line);
  if (bullet) return { kind: "bullet", text: bullet[1]!.trim() };
  const numbered = NUMBERED.exec(line);
  if (numbered && numbered[2]!.trim() !== "") return { kind: "numbered", n: Number(numbered[1]), text: numbered[2]!.trim() };
  return { kind: "text", text: line.trim() };
}

/** Splits the report into blocks; a blank line ends a paragraph or a list, a line of another kind starts a new block. */
export function parseWorkReport(text: string): WorkReportBlock[] {
  const blocks: WorkReportBlock[] = [];
  let current: WorkReportBlock | null = null;
  const flush = () => {
    if (current) blocks.push(current);
    current = null;
  };
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = classify(raw);
    if (line.kind === "blank") {
      flush();
      continue;
    }
    const open = current as WorkReportBlock | null;
    if (line.kind === "bullet") {
      if (open?.kind === "bullets") open.items.push(line.text);
      else {
        flush();
        current = { kind: "bullets", items: [line.text] };
      }
    } else if (line.kind === "numbered") {
      if (open?.kind === "numbered") open.items.push(line.text);
      else {
        flush();
        current = { kind: "numbered", start: line.n, items: [line.text] };
      }
    } else if (open?.kind === "paragraph") {
      open.lines.push(line.text);
    } else if (open && /^\s/.test(raw)) {
      // An indented line continues the list item above it.
      const items = open.items;
      items[items.length - 1] = `${items[items.length - 1]!} ${line.text}`;
    } else {
      flush();
      current = { kind: "paragraph", lines: [line.text] };
    }
  }
  flush();
  return blocks;
}
