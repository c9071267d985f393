/**
 * A GBK encoder for test files, without a library: the reverse of Node's
 * own `TextDecoder("gb18030")` over every two-byte sequence (lead byte
 * 0x81–0xFE, trail byte 0x40–0xFE except 0x7F). ASCII passes through.
 */
let table: Map<string, [number, number]> | null = null;

function reverseTable(): Map<string, [number, number]> {
  if (table) return table;
  const decoder = new TextDecoder("gb18030");
  const map = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && char !== "\ufffd" && !map.has(char)) map.set(char, [lead, trail]);
    }
  }
  table = map;
  return map;
}

/** The GBK bytes of `text`; throws on a character GBK cannot encode. */
export function encodeGbk(text: string): Buffer {
  const map = reverseTable();
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = map.get(char);
    if (!pair) throw new Error(`GBK cannot encode ${JSON.stringify(char)} (U+${code.toString(16).toUpperCase()})`);
    bytes.push(pair[0], pair[1]);
  }
  return Buffer.from(bytes);
}
