import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WorkReport } from "~/components/statements/WorkReport";
import { parseWorkReport } from "~/domain/statements/work-report";

describe("parseWorkReport", () => {
  it("reads paragraphs separated by blank lines, keeping a paragraph's lines", () => {
    expect(parseWorkReport("本季度工作如下。\n第二行\n\n\n另一段。")).toEqual([
      { kind: "paragraph", lines: ["本季度工作如下。", "第二行"] },
      { kind: "paragraph", lines: ["另一段。"] },
    ]);
  });

  it("reads bullet lists written with -, •, * and ·", () => {
    expect(parseWorkReport("- 保洁\n• 绿化\n* 安保\n· 维修")).toEqual([{ kind: "bullets", items: ["保洁", "绿化", "安保", "维修"] }]);
  });

  it("reads numbered lists written 1. and 1、 and 1), keeping the first number", () => {
    expect(parseWorkReport("1. 电梯年检\n2、消防检测\n3) 路灯更换")).toEqual([{ kind: "numbered", start: 1, items: ["电梯年检", "消防检测", "路灯更换"] }]);
    expect(parseWorkReport("3. 接上文")).toEqual([{ kind: "numbered", start: 3, items: ["接上文"] }]);
  });

  it("starts a new block when the kind of line changes, and continues an item on an indented line", () => {
    expect(parseWorkReport("概述：\n- 一\n  续写\n1. 二\n结尾")).toEqual([
      { kind: "paragraph", lines: ["概述："] },
      { kind: "bullets", items: ["一 续写"] },
      { kind: "numbered", start: 1, items: ["二"] },
      { kind: "paragraph", lines: ["结尾"] },
    ]);
  });

  it("does not take a decimal amount or a year for a list number", () => {
    expect(parseWorkReport("1.5 万元用于维修")).toEqual([{ kind: "paragraph", lines: ["1.5 万元用于维修"] }]);
    expect(parseWorkReport("2026年工作")).toEqual([{ kind: "paragraph", lines: ["2026年工作"] }]);
    expect(parseWorkReport("-5 度停水")).toEqual([{ kind: "paragraph", lines: ["-5 度停水"] }]);
  });

  it("handles Windows line ends and empty text", () => {
    expect(parseWorkReport("甲\r\n\r\n- 乙\r\n")).toEqual([{ kind: "paragraph", lines: ["甲"] }, { kind: "bullets", items: ["乙"] }]);
    expect(parseWorkReport("")).toEqual([]);
    expect(parseWorkReport(" \n\t\n")).toEqual([]);
  });

  it("keeps HTML as the characters typed", () => {
    expect(parseWorkReport("- <script>alert(1)</script>")).toEqual([{ kind: "bullets", items: ["<script>alert(1)</script>"] }]);
  });
});

describe("WorkReport", () => {
  const render = (text: string) => renderToStaticMarkup(createElement(WorkReport, { text }));

  it("renders paragraphs and lists", () => {
    expect(render("引言\n第二行\n\n- 甲\n- 乙\n\n2. 丙")).toBe(
      '<div class="work-report"><p><span>引言</span><span><br/>第二行</span></p><ul><li>甲</li><li>乙</li></ul><ol start="2"><li>丙</li></ol></div>',
    );
  });

  it("escapes whatever was typed: a script or an image tag shows as text", () => {
    const html = render("<script>alert('x')</script>\n\n- <img src=x onerror=alert(1)>\n1. <a href=\"javascript:alert(1)\">点我</a>");
    expect(html).not.toMatch(/<script|<img|<a /);
    expect(html).toContain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("renders nothing for an empty report", () => {
    expect(render("  \n")).toBe("");
  });
});
