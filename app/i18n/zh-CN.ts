import { bankZh } from "./features/bank.zh-CN";
import { billingZh } from "./features/billing.zh-CN";
import { incomeZh } from "./features/income.zh-CN";
import { ledgerZh } from "./features/ledger.zh-CN";
import { suppliersZh } from "./features/suppliers.zh-CN";
import { notificationsZh } from "./features/notifications.zh-CN";
import { budgetZh } from "./features/budget.zh-CN";
import { spendingZh } from "./features/spending.zh-CN";
import { approvalsZh } from "./features/approvals.zh-CN";
import { timelineZh } from "./features/timeline.zh-CN";
import { verifyZh } from "./features/verify.zh-CN";
import { exportsZh } from "./features/exports.zh-CN";
import { trailZh } from "./features/trail.zh-CN";
import { statementAdminZh } from "./features/statementAdmin.zh-CN";
import { statementPrintZh } from "./features/statementPrint.zh-CN";
import { questionsZh } from "./features/questions.zh-CN";
import { publishingZh } from "./features/publishing.zh-CN";
import { statementsZh } from "./features/statements.zh-CN";
import { decisionsZh } from "./features/decisions.zh-CN";
import { ballotsZh } from "./features/ballots.zh-CN";
import { publicRevenueZh } from "./features/publicRevenue.zh-CN";
import type { Strings } from "./strings";

/**
 * The default catalog. Keys are grouped by page; `errors` holds the
 * foundation's refusals; each feature keeps its strings in its own file
 * under features/ (its refusals under `<feature>.errors`).
 */
const zhCN = {
  ledger: ledgerZh,
  billing: billingZh,
  income: incomeZh,
  bank: bankZh,
  suppliers: suppliersZh,
  notifications: notificationsZh,
  budget: budgetZh,
  spending: spendingZh,
  approvals: approvalsZh,
  timeline: timelineZh,
  verify: verifyZh,
  exports: exportsZh,
  trail: trailZh,
  statementAdmin: statementAdminZh,
  statementPrint: statementPrintZh,
  questions: questionsZh,
  publishing: publishingZh,
  statements: statementsZh,
  decisions: decisionsZh,
  ballots: ballotsZh,
  publicRevenue: publicRevenueZh,
  app: { name: "明账", skip: "跳到正文" },
  nav: {
    label: "主导航", admin: "系统管理", ledger: "账簿", balances: "余额", billing: "物业费", income: "其他收入", remuneration: "酬金", bank: "银行对账", units: "房屋", owners: "业主", users: "用户", import: "导入房屋清册",
    manager: "物业工作台", register: "房屋清册", committee: "业委会", accountChanges: "账户变更记录", auditor: "审计", me: "我的房屋",
    spending: "支出方案", budget: "预算与日常支出", suppliers: "供应商库", waiting: "待我表决", notifications: "消息通知", statements: "季度公示", statementDrafts: "编制公示", questions: "业主质询", decisions: "业主共同决定", ballots: "业主表决", publicRevenue: "公共收益与维修资金",
  },
  actions: { save: "保存", create: "创建", search: "查询" },
  auth: {
    title: "登录", login: "登录名", password: "密码", submit: "登录", logout: "退出登录",
    badCredentials: "登录名或密码不正确。",
    rateLimited: "失败次数过多，请 {{minutes}} 分钟后再试。",
  },
  account: {
    passwordTitle: "修改密码", mustChange: "您的密码已由管理员重置，请先设置新密码。", current: "当前密码", new: "新密码",
    confirm: "再次输入新密码", rule: "至少 {{min}} 个字符。", save: "修改密码",
  },
  admin: {
    title: "系统管理", noCommunity: "尚未设置小区信息。", setUpCommunity: "设置小区信息", editCommunity: "修改小区信息",
    register: "房屋清册", counts: "用户 {{users}} 个，业主 {{owners}} 个。", unitCount: "房屋数", totalArea: "专有面积合计（m²）",
  },
  community: {
    name: "小区名称", address: "地址", billingPeriod: "物业费计费周期", postingMinDays: "公示期最少天数",
    postingHint: "不少于 {{min}} 天。",
  },
  billingPeriods: { monthly: "按月", quarterly: "按季" },
  units: {
    title: "房屋", new: "新增房屋", edit: "修改房屋 {{name}}", building: "楼栋", number: "房号", area: "专有面积（m²）",
    areaHint: "最多两位小数，如 89.37", kind: "类型", owner: "业主",
  },
  unitKinds: { residential: "住宅", commercial: "商业", developer_unsold: "开发商未售", developer_undelivered: "开发商已售未交付" },
  owners: {
    title: "业主", new: "新增业主", edit: "修改业主 {{name}}", kind: "业主类型", name: "姓名或名称", phone: "联系电话",
    unitCount: "房屋数", units: "名下房屋",
  },
  ownerKinds: { person: "个人", organisation: "单位", developer: "开发商" },
  users: {
    title: "用户", new: "新建用户", edit: "用户 {{name}}", login: "登录名", loginHint: "3–40 位小写字母、数字、点、下划线或短横线。",
    displayName: "显示名称", initialPassword: "初始密码（首次登录须修改）", roles: "角色", isDirector: "业委会主任",
    director: "主任", owner: "对应的业主", noOwner: "（无）", status: "状态", active: "正常", disabled: "已停用",
    mustChange: "待修改密码", resetTitle: "重置密码", tempPassword: "临时密码", reset: "重置密码",
    resetHint: "至少 {{min}} 个字符；用户下次登录时必须设置新密码，现有登录全部失效。",
    statusTitle: "账户状态", disable: "停用账户", enable: "启用账户",
  },
  roles: { admin: "系统管理员", manager: "物业经理", committee: "业委会委员", owner: "业主", auditor: "审计" },
  import: {
    title: "导入房屋清册", file: "CSV 文件",
    explain: "第一行为列名：building（楼栋）、unit（房号）、area（面积）、kind（类型）、owner（业主）、phone（电话），可选 owner_kind（业主类型）。文件中任何一行有误，则整个文件都不导入，并列出每一行错误及原因。",
    submit: "导入", done: "已导入 {{units}} 套房屋，新增业主 {{owners}} 位。", refused: "文件未导入：有 {{count}} 处错误。",
    line: "行", column: "列", reason: "原因",
    noFile: "请选择一个 CSV 文件。", tooLarge: "文件太大（上限 5 MB）。", empty: "文件是空的。", noRows: "文件只有列名，没有数据行。",
    missingColumn: "缺少这一列。", tooManyRows: "行数太多（上限 20000 行）。", columnCount: "这一行的列数与列名不一致。",
    duplicateUnit: "同一房屋在文件中出现了不止一次。",
  },
  changes: {
    title: "账户变更记录", explain: "管理员对账户的每一次创建、角色变更、密码重置和停用，均记录在审计链中。",
    at: "时间", by: "操作人", action: "操作", account: "账户", roles: "角色",
  },
  actionNames: {
    "user.create": "创建账户", "user.update": "修改账户/角色", "user.password_reset": "重置密码", "user.disable": "停用账户", "user.enable": "启用账户",
  },
  committee: { title: "业委会", members: "委员", recent: "最近 {{count}} 条" },
  manager: { title: "物业工作台" },
  register: { title: "房屋清册", summary: "{{buildings}} 个楼栋，{{owners}} 位业主，专有面积合计 {{area}} m²。", allBuildings: "全部楼栋" },
  me: { title: "我的房屋", noOwner: "您的账户尚未关联业主信息，请联系管理员。", units: "名下房屋", totalArea: "专有面积合计" },
  audit: {
    title: "审计链", events: "事件数", head: "链头", verify: "立即核验", cli: "也可在服务器上运行",
    intact: "完整：{{events}} 个事件、{{rows}} 行历史记录均与审计链相符（链头 seq {{seq}}）。",
    broken: "不完整：第一个问题在 seq {{seq}}：{{detail}}",
  },
  errors: {
    unexpected: "出错了", forbiddenTitle: "无权访问", notFoundTitle: "找不到页面", backHome: "返回首页",
    forbidden: "您的角色无权访问此页面或执行此操作。", crossOrigin: "请求不是来自本站页面，已拒绝。", badForm: "无法读取提交的表单（上传不完整？），未做任何更改，请重新提交。", notFound: "找不到该记录。",
    required: "必填。", tooLong: "太长了。", invalid: "格式不正确。", integer: "请输入整数。",
    billingPeriod: "请选择计费周期。", postingMinDays: "公示期须在 15 到 366 天之间。",
    login: "登录名须为 3–40 位小写字母、数字、点、下划线或短横线。", loginTaken: "该登录名已被使用。",
    passwordTooShort: "密码至少 10 个字符。", passwordMismatch: "两次输入的新密码不一致。", passwordUnchanged: "新密码不能与当前密码相同。",
    currentPasswordWrong: "当前密码不正确。", role: "角色不正确。", rolesRequired: "至少选择一个角色。",
    directorNeedsCommittee: "主任必须是业委会委员。", ownerNeedsRecord: "业主角色须关联一位业主。", oneDirector: "已有一位主任；请先取消其主任身份。",
    keepOwnAdmin: "不能取消自己的管理员角色。", cannotDisableSelf: "不能停用自己的账户。",
    ownerKind: "请选择业主类型（个人、单位或开发商）。", ownerRequired: "请选择业主。", unitKind: "房屋类型须为住宅、商业、开发商未售或开发商已售未交付。",
    phone: "电话号码格式不正确（11 位手机号或带区号的座机）。", unitExists: "该楼栋下已有此房号。",
    developerUnitOwner: "开发商未售、未交付的房屋只能属于开发商，开发商也只能持有这两类房屋。",
    oneDeveloper: "只能有一个开发商业主。", communityExists: "小区信息已存在。", noCommunity: "尚未设置小区信息。",
    area: {
      empty: "请填写面积。", invalid: "面积须为数字，如 89.37。", too_many_decimals: "面积最多两位小数。",
      not_positive: "面积须大于 0。", too_large: "面积过大。",
    },
    money: {
      empty: "请填写金额。", invalid: "金额格式不正确，如 1,234.56。", too_many_decimals: "金额最多两位小数（到分）。",
      negative: "金额不能为负数。", too_large: "金额过大。",
    },
  },
} as const;

/** Every catalog has exactly the keys of the default one. */
export type Catalog = Strings<typeof zhCN>;

export default zhCN;
