import { eq } from "drizzle-orm";
import Papa from "papaparse";
import type { Db } from "~db/connection";
import { owners } from "~db/schema";
import { formatArea } from "~/domain/area";
import type { Role } from "~/domain/roles";
import { createCommunity, getCommunity } from "./community.server";
import { importUnitRegister } from "./unit-import.server";
import { createUser } from "./users.server";

/**
 * The fictitious demo community, built only through the services a person
 * uses (DESIGN.md §3): the admin sets up the community, imports the unit
 * register from CSV and creates the accounts. Names and phone numbers are
 * made up (phones in the unassigned 1380000xxxx block).
 */
export const DEMO_PASSWORD = "mingzhang-demo";

export interface DemoLogin {
  login: string;
  displayName: string;
  roles: Role[];
  isDirector?: boolean;
  ownerName?: string;
}

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高".split("");
const GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "华", "慧", "建国", "丽"];

// Five committee members (the first is the director) and a plain owner, all owners of demo units.
const COMMITTEE = ["周文华", "林晓燕", "陈志强", "黄丽萍", "吴建平"];
const PLAIN_OWNER = "赵明远";
const MULTI_UNIT_OWNER = "孙国庆"; // holds three units
const ORGANISATION = "明湖餐饮管理有限公司";
const DEVELOPER = "明湖置业发展有限公司";

export const DEMO_LOGINS: DemoLogin[] = [
  { login: "admin", displayName: "系统管理员", roles: ["admin"] },
  { login: "manager", displayName: "王项目经理", roles: ["manager"] },
  { login: "accountant", displayName: "李会计", roles: ["manager"] },
  { login: "director", displayName: COMMITTEE[0]!, roles: ["committee", "owner"], isDirector: true, ownerName: COMMITTEE[0] },
  ...COMMITTEE.slice(1).map((name, i) => ({ login: `committee${i + 1}`, displayName: name, roles: ["committee", "owner"] as Role[], ownerName: name })),
  { login: "auditor", displayName: "郑审计师", roles: ["auditor"] },
  { login: "owner", displayName: PLAIN_OWNER, roles: ["owner"], ownerName: PLAIN_OWNER },
  { login: "owner2", displayName: MULTI_UNIT_OWNER, roles: ["owner"], ownerName: MULTI_UNIT_OWNER },
];

/** A small deterministic generator, so every demo database is the same. */
function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export function demoRegisterCsv(): string {
  const random = prng(20261121);
  const rows: string[][] = [];
  const special = new Map<string, string>([
    ["1栋/0101", COMMITTEE[0]!], ["1栋/0502", COMMITTEE[1]!], ["2栋/0301", COMMITTEE[2]!], ["3栋/0802", COMMITTEE[3]!],
    ["4栋/1201", COMMITTEE[4]!], ["2栋/0602", PLAIN_OWNER], ["3栋/0101", MULTI_UNIT_OWNER], ["3栋/0102", MULTI_UNIT_OWNER],
    ["4栋/1402", MULTI_UNIT_OWNER],
  ]);
  let personIndex = 0;
  for (let b = 1; b <= 5; b++) {
    for (let floor = 1; floor <= 18; floor++) {
      for (const door of [1, 2]) {
        const building = `${b}栋`;
        const number = `${String(floor).padStart(2, "0")}0${door}`;
        const area = formatArea(6000 + Math.floor(random() * 8000));
        // The top floors of building 5 are still the developer's.
        if (b === 5 && floor >= 15) {
          rows.push([building, number, area, floor >= 17 ? "developer_unsold" : "developer_undelivered", DEVELOPER, "", "developer"]);
          continue;
        }
        const name = special.get(`${building}/${number}`) ?? `${SURNAMES[personIndex % SURNAMES.length]}${GIVEN[Math.floor(personIndex / SURNAMES.length) % GIVEN.length]}`;
        const phone = `1380000${String(1000 + personIndex).padStart(4, "0")}`;
        const ownerPhone = special.has(`${building}/${number}`) ? `1390000${String([...special.values()].indexOf(name)).padStart(4, "0")}` : phone;
        personIndex++;
        rows.push([building, number, area, "residential", name, ownerPhone, "person"]);
      }
    }
  }
  for (let s = 1; s <= 20; s++) {
    const area = formatArea(3000 + Math.floor(random() * 12000));
    const owner = s <= 4 ? ORGANISATION : `${SURNAMES[(s * 7) % SURNAMES.length]}${GIVEN[(s * 3) % GIVEN.length]}`;
    const kind = s <= 4 ? "organisation" : "person";
    const phone = s <= 4 ? "02100000001" : `1380000${String(8000 + s).padStart(4, "0")}`;
    rows.push(["商铺", `S${String(s).padStart(2, "0")}`, area, "commercial", owner, phone, kind]);
  }
  return Papa.unparse({ fields: ["building", "unit", "area", "kind", "owner", "phone", "owner_kind"], data: rows });
}

/**
 * Creates the demo community on an empty database and returns true; on a
 * database that already holds the demo, does nothing and returns false.
 */
export async function ensureDemoCommunity(db: Db): Promise<boolean> {
  const existing = getCommunity(db);
  if (existing) {
    if (!existing.isDemo) throw new Error("this database holds a real community, not the demo: use another DATABASE_PATH");
    return false;
  }
  createCommunity(db, {
    name: "明湖苑（示范小区）", address: "示范市明湖区湖滨路 88 号", billingPeriod: "quarterly", postingMinDays: 15, isDemo: true,
  }, "system");
  const imported = importUnitRegister(db, demoRegisterCsv(), "system");
  if (!imported.ok) throw new Error(`demo register refused: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  for (const demo of DEMO_LOGINS) {
    const owner = demo.ownerName ? db.select({ id: owners.id }).from(owners).where(eq(owners.name, demo.ownerName)).get() : undefined;
    await createUser(db, {
      login: demo.login, displayName: demo.displayName, password: DEMO_PASSWORD, roles: demo.roles,
      isDirector: demo.isDirector ?? false, ownerId: owner?.id,
    }, "system");
  }
  return true;
}
