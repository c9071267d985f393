import type * as Echarts from "echarts";
import { BOOKS } from "~/domain/ledger/chart";
import { formatFen } from "~/domain/money";
import { lineLabel } from "~/domain/statements/lines";
import type { StatementFigures } from "~/domain/statements/snapshot";
import { statementsEn } from "~/i18n/features/statements.en";
import { statementsZh } from "~/i18n/features/statements.zh-CN";
import type { Locale } from "~/i18n/locales";

/**
 * The statement's two charts as SVG markup rendered on the server (ECharts
 * SSR), so the page and its print read without JavaScript. Values stay in
 * integer fen; only the labels show yuan. ECharts escapes every text it
 * writes into the SVG.
 */
export interface HistoryPoint {
  period: string;
  incomeFen: number;
  spendingFen: number;
}

const WIDTH = 720;
const INCOME_COLOUR = "#2f7d4f";
const SPENDING_COLOUR = "#b5483b";

/** Axis ticks in whole yuan: ¥12,000 rather than ¥12,000.00. */
function axisYuan(fen: number): string {
  return Number.isSafeInteger(fen) ? formatFen(fen).replace(/\.00$/, "") : "";
}

function barLabel(fen: number | null): string {
  return fen === null || fen === 0 || !Number.isSafeInteger(fen) ? "" : formatFen(fen);
}

// Loaded on first use, not at start-up: echarts is the largest module the server imports
// and only statement pages need it (npm start serves its first page sooner, issue 8).
let echarts: typeof Echarts | null = null;

async function loadEcharts(): Promise<typeof Echarts> {
  echarts ??= await import("echarts");
  return echarts;
}

function render(option: Echarts.EChartsCoreOption, height: number): string {
  if (!echarts) throw new Error("charts rendered before loadEcharts()");
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function strings(lang: Locale) {
  return lang === "en" ? statementsEn : statementsZh;
}

/** Income and spending of the period by kind, both books: one bar per line, green in, red out. */
function byKindChart(figures: StatementFigures, lang: Locale): string {
  const s = strings(lang);
  const categories: string[] = [];
  const income: (number | null)[] = [];
  const spending: (number | null)[] = [];
  for (const book of BOOKS) {
    const statement = figures.books[book];
    for (const line of statement.income) {
      categories.push(`${s.booksShort[book]} · ${lineLabel(line.key, lang)}`);
      income.push(line.amountFen);
      spending.push(null);
    }
    for (const line of statement.spending) {
      categories.push(`${s.booksShort[book]} · ${lineLabel(line.key, lang)}`);
      income.push(null);
      spending.push(line.amountFen);
    }
  }
  const height = Math.max(160, 70 + categories.length * 26);
  const series = (name: string, data: (number | null)[], color: string) => ({
    name, type: "bar", stack: "amount", data, itemStyle: { color }, barMaxWidth: 18,
    label: { show: true, position: "right", fontSize: 11, formatter: (p: { value: number | null }) => barLabel(p.value) },
  });
  return render({
    title: { text: s.charts.byKindTitle, left: 0, textStyle: { fontSize: 14 } },
    legend: { top: 0, right: 0 },
    grid: { left: 8, right: 110, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 100, axisLabel: { formatter: axisYuan, fontSize: 10 } },
    yAxis: { type: "category", inverse: true, data: categories, axisLabel: { fontSize: 11, width: 260, overflow: "truncate" } },
    series: [series(s.charts.income, income, INCOME_COLOUR), series(s.charts.spending, spending, SPENDING_COLOUR)],
  }, height);
}

/** The co-managed book's income and spending over the last quarters. */
function quartersChart(history: readonly HistoryPoint[], lang: Locale): string {
  const s = strings(lang);
  const series = (name: string, data: number[], color: string) => ({
    name, type: "bar", data, itemStyle: { color }, barMaxWidth: 28,
    label: { show: history.length <= 4, position: "top", fontSize: 10, formatter: (p: { value: number }) => barLabel(p.value) },
  });
  return render({
    title: { text: s.charts.quartersTitle, left: 0, textStyle: { fontSize: 14 } },
    legend: { top: 0, right: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: history.map((h) => h.period) },
    yAxis: { type: "value", minInterval: 100, axisLabel: { formatter: axisYuan, fontSize: 10 } },
    series: [
      series(s.charts.income, history.map((h) => h.incomeFen), INCOME_COLOUR),
      series(s.charts.spending, history.map((h) => h.spendingFen), SPENDING_COLOUR),
    ],
  }, 280);
}

/** Both charts of a statement; each call site may cache them (portal.server.ts keeps them by content). */
export async function statementCharts(): Promise<{ byKind: typeof byKindChart; quarters: typeof quartersChart }> {
  await loadEcharts();
  return { byKind: byKindChart, quarters: quartersChart };
}

export async function statementChartsSvg(figures: StatementFigures, history: readonly HistoryPoint[], lang: Locale): Promise<{ byKind: string; quarters: string }> {
  const draw = await statementCharts();
  return { byKind: draw.byKind(figures, lang), quarters: draw.quarters(history, lang) };
}
