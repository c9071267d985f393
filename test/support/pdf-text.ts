import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const PDFJS_DIR = path.join(process.cwd(), "node_modules", "pdfjs-dist");

/**
 * The text of every page of a PDF, pages joined by a newline. pdf.js may cut
 * a line of 汉字 into several items (and put spaces between them): callers
 * compare with whitespace removed (see `compact`).
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({
    data: new Uint8Array(bytes), // pdf.js takes ownership of (and detaches) the buffer it is given
    cMapUrl: `${path.join(PDFJS_DIR, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(PDFJS_DIR, "standard_fonts")}/`,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(""));
      page.cleanup();
    }
    return pages.join("\n");
  } finally {
    await doc.destroy();
  }
}

/**
 * The CJK Radicals Supplement characters that the Noto CJK fonts' ToUnicode
 * maps give for some common 汉字 (⻆ for 角, ⻋ for 车, ⺠ for 民…), paired with
 * the unified ideograph (Unicode's EquivalentUnifiedIdeograph.txt). The
 * Kangxi radicals (⼈ for 人, ⽰ for 示…) are mapped by NFKC.
 */
const RADICAL_PAIRS =
  "⺆冂 ⺇几 ⺊卜 ⺌小 ⺍小 ⺎兀 ⺏尣 ⺐尢 ⺒巳 ⺓幺 ⺔彑 ⺕彐 ⺗心 ⺘扌 ⺙攵 ⺛旡 ⺝月 ⺟母 ⺠民 ⺡氵 ⺢氺 ⺣灬 ⺤爫 ⺥爫 ⺦丬 ⺧牛 ⺨犭 ⺩王 " +
  "⺪疋 ⺫目 ⺬示 ⺭礻 ⺮竹 ⺯糸 ⺰纟 ⺲罒 ⺳罓 ⺴网 ⺶羊 ⺷羊 ⺹耂 ⺺肀 ⺻聿 ⺼肉 ⺽臼 ⺾艹 ⺿艹 ⻀艹 ⻁虎 ⻂衤 ⻃覀 ⻄西 ⻅见 ⻆角 ⻈讠 ⻉贝 " +
  "⻊足 ⻋车 ⻌辶 ⻍辶 ⻎辶 ⻏阝 ⻐钅 ⻑長 ⻒镸 ⻓长 ⻔门 ⻖阝 ⻗雨 ⻘青 ⻙韦 ⻚页 ⻛风 ⻜飞 ⻝食 ⻟飠 ⻠饣 ⻢马 ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 " +
  "⻨麦 ⻩黄 ⻪黾 ⻫斉 ⻬齐 ⻭歯 ⻮齿 ⻯竜 ⻰龙 ⻱龜 ⻲亀 ⻳龟";
const RADICALS = new Map(RADICAL_PAIRS.split(" ").map((pair) => [pair[0]!, pair[1]!]));

/** Radicals back to the ideographs they stand for, and compatibility forms folded (NFKC). */
export function normalizeCjk(text: string): string {
  return text.normalize("NFKC").replace(/[\u2e80-\u2eff]/g, (c) => RADICALS.get(c) ?? c);
}

/** Text normalised and with all whitespace removed, for matching across pdf.js's item breaks. */
export function compact(text: string): string {
  return normalizeCjk(text).replace(/\s+/g, "");
}
