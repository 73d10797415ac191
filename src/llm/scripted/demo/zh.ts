/** The demo model's words in Simplified Chinese. */
import type { DemoPhrases } from "./DemoPhrases.js"

export const zh: DemoPhrases = {
  demoNotice:
    "**演示模式**：尚未配置模型（请设置 `LLM_BASE_URL`、`LLM_API_KEY` 和 `LLM_MODEL`），因此由 GTPlanner 内置的脚本模型作答。下面的规划步骤和文档都由真实的规划流程根据您的原话生成。",
  planning: (idea) => `我先把您的想法整理成一份分步骤的规划：_${idea}_。`,
  revising: "我会根据您的反馈修订规划。",
  recommending: "范围已经清楚。接下来我会寻找合适的构建模块。",
  designing: (deep) => (deep ? "现在我分阶段撰写深度设计。" : "现在我来撰写设计文档。"),
  done: (files) => `完成：${files.map((f) => `\`${f}\``).join("、")} 已可下载。如需分阶段的六份文档，请说“深度设计”；也可以告诉我规划中需要修改的地方。`,
  stepFailed: (error) => `有一步没有成功：${error} 请告诉我您希望如何继续。`,
  fallback: (idea) => `请告诉我您想构建什么，我会和您一起规划。您写的是：_${idea}_`,
  namePrefixes: [/^(请)?(你)?(帮我|帮忙|给我)?(设计|构建|开发|做|规划|搭建|写)(一下)?(一个|一套|一款|个)?/],
  nameSuffixes: [/(系统|应用|平台)$/],
  deepWords: /深度|详细|深入/,

  purpose: (system, idea) => `${system}：根据需求“${idea}”构建的系统。本规划按顺序列出要做的工作，以及每一步怎样算完成。`,
  steps: (system) => [
    ["账户与角色", `用户可以注册、登录和退出${system}；管理员拥有独立的角色。每个角色只能看到自己有权看到的内容时即为完成。`],
    ["核心数据", `${system}的主要记录可以创建、列出、查看、修改和删除。每次修改都经过校验并保存后即为完成。`],
    ["主要用户流程", "用户能从头到尾完成核心任务。该流程在手机和电脑上都能完整走通即为完成。"],
    ["搜索与浏览", "用户可以按关键词和筛选条件查找记录，结果分页显示。在真实规模的数据上搜索响应不超过一秒即为完成。"],
    ["通知", "当用户的记录发生重要变化时，用户会收到邮件。发送失败会重试且不阻塞请求即为完成。"],
    ["后台管理", "管理员可以管理用户和内容，并查看基本的活动数据。每个管理操作都有日志即为完成。"],
    ["可靠性与监控", "错误会被上报，慢请求可见，每天自动备份。告警能在几分钟内通知到团队即为完成。"],
    ["上线", "系统按书面化的发布流程部署到生产环境。发布可以重复执行并能回滚即为完成。"]
  ],
  integrateStep: (names) => ["集成构建模块", `接入 ${names}，每个模块都通过一个小型适配层调用，配置放在环境变量中。每个模块都有集成测试覆盖即为完成。`],
  feedbackStep: (point) => ["用户要求的修改", `${point}。用户确认其行为符合要求即为完成。`],
  outOfScopeTitle: "不在范围内",
  outOfScope: ["原生移动应用（网页版可在手机上使用）", "离线模式", "首个版本的多语言支持"],

  reason: (name, system) => `${name} 可以直接满足${system}在这方面的需求，无需自行开发。`,
  researchSummary: (keyword, sources, system) => `已阅读关于“${keyword}”的 ${sources} 个来源。它们说明了其配置和使用方式，这对${system}很重要。`,
  researchAdvice: (keyword) => [`尽早用测试账号和真实凭据为“${keyword}”做原型验证。`, "在做决定之前，按预期流量核对限额和价格。"],

  h: {
    design: (system) => `${system}设计文档`,
    requirements: (system) => `需求分析：${system}`,
    architecture: (system) => `架构设计：${system}`,
    flows: (system) => `关键流程：${system}`,
    dataModel: (system) => `数据模型与接口：${system}`,
    overview: "概述",
    goals: "目标",
    nonGoals: "非目标",
    goalsAndNonGoals: "目标与非目标",
    users: "用户与角色",
    features: "功能",
    usersAndFeatures: "用户与功能",
    nfr: "非功能需求",
    constraints: "约束与假设",
    architectureSection: "架构",
    components: "组件",
    blocks: "选定的构建模块",
    componentDiagram: "组件图",
    keyFlows: "关键流程",
    dataModelSection: "数据模型",
    relationships: "关系",
    interfaces: "接口与 API",
    errorHandling: "错误处理",
    security: "安全",
    deployment: "部署",
    testing: "测试",
    milestones: "里程碑",
    openQuestions: "待解决问题",
    responsibility: "职责",
    interface: "接口",
    internal: "内部设计",
    data: "拥有或读取的数据"
  },
  table: {
    feature: "功能",
    description: "说明",
    priority: "优先级",
    component: "组件",
    responsibility: "职责",
    talksTo: "交互对象",
    field: "字段",
    type: "类型",
    required: "必填",
    notes: "说明",
    endpoint: "端点",
    input: "输入",
    output: "输出",
    yes: "是",
    no: "否"
  },
  overviewText: (system, idea) =>
    `${system}用于满足这样的需求：“${idea}”。它是一个带 API 的 Web 应用，包含后台任务处理程序和关系型数据库；凡是与产品本身无关的能力，都使用成熟的外部服务。`,
  userRoles: [
    ["访客", "无需账户即可浏览公开内容"],
    ["注册用户", "使用核心功能并管理自己的记录"],
    ["管理员", "管理用户和内容，并关注运行情况"]
  ],
  nfrs: [
    "性能：每秒 50 个请求时，95% 的 API 请求在 300 毫秒内响应。",
    "可用性：每月 99.5%；计划内维护提前通知。",
    "隐私：个人数据存放在同一地区，静态加密，并可按请求删除。",
    "规模：首个版本支持 1 万名注册用户。"
  ],
  constraintsList: ["由一个小团队开发和运维。", "优先使用托管服务而不是自建。", "初期所有服务部署在同一个云区域。"],
  architectureText:
    "采用模块化单体：一个 API 服务承载业务逻辑，一个后台任务程序从队列中执行耗时任务，一个数据库作为唯一可信的数据来源。产品早期这样部署最简单，后台任务程序也可以单独扩容。",
  comp: {
    web: ["Web 客户端", "用户操作的页面和表单，调用 API。"],
    api: ["API 服务", "认证请求、校验输入、执行业务规则。"],
    worker: ["后台任务程序", "发送通知，执行耗时或需要重试的任务。"],
    db: ["数据库", "保存用户、记录和事件，是唯一可信的数据来源。"]
  },
  noBlocks: "尚未选定外部构建模块；上述组件使用团队熟悉的技术栈实现。",
  chosenBecause: "选择理由",
  flow: {
    user: "用户",
    valid: "输入有效？",
    yes: "是",
    no: "否",
    showError: "显示错误",
    save: "保存记录",
    confirm: "显示确认",
    enqueue: "加入任务队列",
    notify: "通知用户",
    signIn: "登录",
    session: "创建会话",
    retry: "稍后重试",
    mainTitle: "主要用户流程",
    mainText: "用户提交核心表单时触发；以记录保存并得到确认结束。",
    backgroundTitle: "后台通知",
    backgroundText: "记录保存后触发；以通知到用户或任务重试结束。",
    signInTitle: "登录",
    signInText: "用户登录时触发；以创建会话或明确拒绝结束。",
    failures: [
      "输入无效：API 返回 400 并列出出错字段，不保存任何内容。",
      "外部服务超时：任务按退避策略重试，之后移入死信列表。",
      "数据库不可用：API 返回 503，客户端提示用户重试。"
    ]
  },
  entities: {
    user: "用户",
    item: "记录",
    event: "事件",
    userNotes: ["唯一，统一小写", "在界面中显示", "访客、用户或管理员"],
    itemNotes: ["所有者", "用户搜索的内容", "草稿、有效或已归档"],
    eventNotes: ["发生了什么", "相关的记录", "发生时间"],
    relations: ["一个用户拥有多条记录。", "一条记录有多个事件。", "事件只追加，从不修改。"]
  },
  apiNotes: ["登录", "列出记录（搜索、筛选、分页）", "创建记录", "修改记录", "删除记录"],
  errorHandlingList: [
    "所有错误响应都是 JSON `{error: {code, message}}`，带稳定的错误码。",
    "调用外部服务都有超时，并按指数退避重试；失败的任务进入死信列表。",
    "意外错误连同请求 id 一起记录并上报错误跟踪；用户看到带该 id 的简短提示。"
  ],
  securityList: [
    "产品本身不保存明文密码；登录通过选定的认证服务或强哈希完成。",
    "每个端点都检查调用者的角色；用户只能访问自己的记录。",
    "密钥放在环境变量中，绝不写进代码；全站使用 HTTPS。",
    "服务器端校验输入；客户端转义输出。"
  ],
  deploymentList: [
    "API 服务和后台任务程序打包为容器，每次合并后由 CI 构建。",
    "预发布和生产环境配置相同，密钥不同。",
    "每次发布前执行数据库迁移；每天备份，每月演练一次恢复。"
  ],
  testingList: ["对业务规则和校验做单元测试。", "针对真实数据库和外部服务的测试模式做集成测试。", "每次发布都在浏览器中对主要流程做端到端测试。"],
  milestonesList: (system) => [
    `M1：${system}的账户、核心数据和主要流程在预发布环境可用。`,
    "M2：搜索、通知和后台管理完成；集成测试全部通过。",
    "M3：监控、备份和发布演练完成；正式上线。"
  ],
  openQuestionsList: (system) => [`${system}第一年需要按多少用户和记录来规划？`, "需要哪些个人数据，必须保存多久？", "谁负责运维系统并处理告警？"],
  componentInternal: (name) => `${name}分为三层：轻量的传输层、承载业务规则的服务层，以及负责存储的仓储层；每一层都可以单独测试。`,
  componentTests: (name) => `对${name}的业务规则做单元测试；通过其接口并使用真实存储做集成测试。`,
  componentErrors: "无效输入会被拒绝并给出清晰的提示；依赖失败时按退避策略重试，之后上报。"
}
