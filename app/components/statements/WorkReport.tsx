import { parseWorkReport } from "~/domain/statements/work-report";

/** The work report as paragraphs and lists of React text: whatever was typed is escaped, never run. */
export function WorkReport({ text }: { text: string }) {
  const blocks = parseWorkReport(text);
  if (blocks.length === 0) return null;
  return (
    <div className="work-report">
      {blocks.map((block, i) => {
        if (block.kind === "bullets") return <ul key={i}>{block.items.map((item, j) => <li key={j}>{item}</li>)}</ul>;
        if (block.kind === "numbered") return <ol key={i} start={block.start}>{block.items.map((item, j) => <li key={j}>{item}</li>)}</ol>;
        return <p key={i}>{block.lines.map((line, j) => <span key={j}>{j > 0 ? <br /> : null}{line}</span>)}</p>;
      })}
    </div>
  );
}
