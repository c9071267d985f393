/**
 * The chart of accounts (DESIGN.md §5): one ledger, two books. Codes follow
 * the usual Chinese numbering (1 assets, 2 liabilities, 3 equity, 6 income
 * and expenses). Each account names the books it may be posted in.
 */
export const BOOKS = ["cogoverned", "public_revenue"] as const;
export type Book = (typeof BOOKS)[number];

/** The books' Chinese names, for messages and the journal (the pages use the i18n catalogs). */
export const BOOK_NAMES_ZH: Record<Book, string> = { cogoverned: "共管账户", public_revenue: "公共收益账户" };
export type AccountType = "asset" | "liability" | "equity" | "income" | "expense";

export interface AccountDef {
  code: string;
  nameZh: string;
  nameEn: string;
  type: AccountType;
  books: readonly Book[];
}

const C: readonly Book[] = ["cogoverned"];
const P: readonly Book[] = ["public_revenue"];
const CP: readonly Book[] = ["cogoverned", "public_revenue"];

export const ACCOUNT = {
  bank: "1002",
  feeReceivable: "1122",
  payableSuppliers: "2202",
  prepaidFees: "2203",
  payableCompany: "2241",
  ownersFunds: "3101",
  incomeServiceFees: "6001",
  incomeDecoration: "6002",
  incomeAdvertising: "6003",
  incomeParking: "6004",
  incomeVenue: "6005",
  incomeInterest: "6006",
  incomeOther: "6009",
  remuneration: "6701",
} as const;

/** The nine kinds of 物业服务支出 of 物业服务收费管理办法 art. 11. */
export const SERVICE_SPENDING_CODES = ["6601", "6602", "6603", "6604", "6605", "6606", "6607", "6608", "6609"] as const;
export const PUBLIC_REVENUE_SPENDING_CODES = ["6801", "6802", "6803", "6804", "6809"] as const;

export const CHART: readonly AccountDef[] = [
  { code: "1002", nameZh: "银行存款", nameEn: "Bank", type: "asset", books: CP },
  { code: "1122", nameZh: "应收物业费", nameEn: "Fee receivables", type: "asset", books: C },
  { code: "2202", nameZh: "应付供应商款", nameEn: "Payable to suppliers", type: "liability", books: CP },
  { code: "2203", nameZh: "预收物业费", nameEn: "Prepaid fees", type: "liability", books: C },
  { code: "2241", nameZh: "应付物业公司款", nameEn: "Payable to the property company", type: "liability", books: C },
  { code: "3101", nameZh: "业主权益（累计盈余）", nameEn: "Owners' funds (accumulated surplus)", type: "equity", books: CP },
  { code: "6001", nameZh: "物业服务费收入", nameEn: "Property service fees", type: "income", books: C },
  { code: "6002", nameZh: "装修管理费收入", nameEn: "Decoration management fees", type: "income", books: C },
  { code: "6003", nameZh: "广告收入", nameEn: "Advertising", type: "income", books: CP },
  { code: "6004", nameZh: "停车管理费分成", nameEn: "Parking fee share", type: "income", books: CP },
  { code: "6005", nameZh: "场地租赁收入", nameEn: "Venue rental", type: "income", books: CP },
  { code: "6006", nameZh: "利息收入", nameEn: "Interest", type: "income", books: CP },
  { code: "6009", nameZh: "其他收入", nameEn: "Other income", type: "income", books: CP },
  { code: "6601", nameZh: "人员费用（工资、社保、福利）", nameEn: "Staff wages, social insurance and welfare", type: "expense", books: C },
  { code: "6602", nameZh: "共用部位及设施日常运行维护", nameEn: "Running and upkeep of common parts and facilities", type: "expense", books: C },
  { code: "6603", nameZh: "清洁卫生", nameEn: "Cleaning", type: "expense", books: C },
  { code: "6604", nameZh: "绿化养护", nameEn: "Greening", type: "expense", books: C },
  { code: "6605", nameZh: "秩序维护", nameEn: "Order and security", type: "expense", books: C },
  { code: "6606", nameZh: "办公费用", nameEn: "Office costs", type: "expense", books: C },
  { code: "6607", nameZh: "固定资产折旧", nameEn: "Depreciation of fixed assets", type: "expense", books: C },
  { code: "6608", nameZh: "共用部位及公众责任保险", nameEn: "Insurance of common parts and public liability", type: "expense", books: C },
  { code: "6609", nameZh: "业主同意的其他费用", nameEn: "Other costs the owners agreed to", type: "expense", books: C },
  { code: "6701", nameZh: "物业公司酬金", nameEn: "Remuneration of the property company", type: "expense", books: C },
  { code: "6801", nameZh: "转入专项维修资金", nameEn: "Transfer to the maintenance fund", type: "expense", books: P },
  { code: "6802", nameZh: "共用设施改造维修（业主决定）", nameEn: "Common facilities works (owners' decision)", type: "expense", books: P },
  { code: "6803", nameZh: "业主公共活动", nameEn: "Owners' common activities", type: "expense", books: P },
  { code: "6804", nameZh: "公共收益管理费用", nameEn: "Public revenue administration costs", type: "expense", books: P },
  { code: "6809", nameZh: "其他支出（业主决定）", nameEn: "Other spending (owners' decision)", type: "expense", books: P },
];

export function accountDef(code: string): AccountDef | undefined {
  return CHART.find((a) => a.code === code);
}
