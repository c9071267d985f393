/**
 * Encodes text as GB18030 for the demo's bank statement, the way Chinese
 * banks export it. Node decodes GB18030 but does not encode it, so the
 * two-byte table is read back from the decoder once (it covers GBK, which is
 * all a statement uses); ASCII passes through.
 */
let table: Map<string, [number, number]> | undefined;

function reverseTable(): Map<string, [number, number]> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder("gb18030");
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && char !== "\uFFFD" && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  return table;
}

export function encodeGb18030(text: string): Uint8Array {
  const map = reverseTable();
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = map.get(char);
    if (!pair) throw new RangeError(`cannot encode ${char} in GBK`);
    bytes.push(...pair);
  }
  return new Uint8Array(bytes);
}
