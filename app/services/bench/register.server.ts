import Papa from "papaparse";
import { formatArea } from "~/domain/area";

/**
 * The large community's unit register as the CSV an admin imports: 25-floor
 * towers of four flats a floor, and one shop per 40 flats. Fictitious names
 * (three characters, unique per owner) and phones in the unassigned
 * 1380000xxxx / 1381xxxxxxx blocks; every owner holds one unit except every
 * fiftieth, who also holds the next one (heads ≠ units, as in real registers).
 */
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹".split("");
const GIVEN = "伟芳娜敏静磊洋艳勇军杰娟涛明超华慧丽强平刚桂英秀玉兰红霞建国文辉鹏飞".split("");

export interface BenchUnitPlan {
  building: string;
  number: string;
  kind: "residential" | "commercial";
}

/** Deterministic pseudo-random numbers in [0, 1) (the demo's generator: every bench database is the same). */
export function prng(seed: number): () => number {
  let state = seed % 2147483648;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function personName(index: number): string {
  const s = SURNAMES[index % SURNAMES.length]!;
  const g1 = GIVEN[Math.floor(index / SURNAMES.length) % GIVEN.length]!;
  const g2 = GIVEN[Math.floor(index / (SURNAMES.length * GIVEN.length)) % GIVEN.length]!;
  return `${s}${g1}${g2}`;
}

export function benchRegister(unitCount: number, seed: number): { csv: string; units: BenchUnitPlan[] } {
  const random = prng(seed);
  const rows: string[][] = [];
  const units: BenchUnitPlan[] = [];
  let owner = 0;
  for (let i = 0; i < unitCount; i++) {
    const shop = i % 40 === 39;
    const building = shop ? "商铺" : `${Math.floor(i / 100) + 1}栋`;
    const number = shop ? `S${String(Math.floor(i / 40) + 1).padStart(3, "0")}` : `${String(Math.floor((i % 100) / 4) + 1).padStart(2, "0")}0${(i % 4) + 1}`;
    const kind = shop ? "commercial" : "residential";
    const area = formatArea(shop ? 3000 + Math.floor(random() * 12000) : 6000 + Math.floor(random() * 8000));
    // Every fiftieth owner also takes the next unit.
    const sameOwnerAsPrevious = i > 0 && i % 50 === 1;
    if (!sameOwnerAsPrevious && i > 0) owner += 1;
    const phone = `138${String(10_000_000 + owner).padStart(8, "0")}`;
    rows.push([building, number, area, kind, personName(owner), phone, "person"]);
    units.push({ building, number, kind });
  }
  return { csv: Papa.unparse({ fields: ["building", "unit", "area", "kind", "owner", "phone", "owner_kind"], data: rows }), units };
}
