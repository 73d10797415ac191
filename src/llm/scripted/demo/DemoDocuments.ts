/**
 * What the demo model writes when a planning tool asks it something: a plan, a selection of
 * building blocks, research notes, and real design documents — composed from the tagged data
 * of the request (the user's words, the plan, the recommended blocks) in the run's language.
 */
import { readTag } from "../../../planner/prompts/PromptBook.js"
import type { DemoPhrases } from "./DemoPhrases.js"

export interface Block {
  readonly name: string
  readonly type: string
  readonly id: string
  readonly summary: string
}

export interface Project {
  readonly system: string
  readonly idea: string
  readonly steps: ReadonlyArray<readonly [string, string]>
  readonly outOfScope: ReadonlyArray<string>
  readonly blocks: ReadonlyArray<Block>
}

/** Text safe inside a quoted Mermaid label: no quotes, brackets, pipes or line breaks. */
export const mermaidLabel = (text: string): string =>
  text.replaceAll(/["[\]{}()|<>#;`\n\r]/g, " ").replaceAll(/\s+/g, " ").trim().slice(0, 60)

const clean = (text: string) => text.replaceAll(/\s+/g, " ").trim()

/** A short name for the system from the user's idea. */
export const nameFromIdea = (p: DemoPhrases, idea: string): string => {
  let name = clean(idea).split(/[\n.!?。！？]/)[0] ?? ""
  for (const prefix of p.namePrefixes) name = name.replace(prefix, "")
  for (const suffix of p.nameSuffixes) name = name.replace(suffix, "")
  name = name.replaceAll(/[*_`#"]/g, "").trim()
  if (name.length > 60) name = `${name.slice(0, 57)}…`
  return name === "" ? "GTPlanner" : name.charAt(0).toUpperCase() + name.slice(1)
}

/** The building blocks listed in a `<recommended_building_blocks>` tag. */
export const parseBlocks = (text: string | undefined): ReadonlyArray<Block> =>
  (text ?? "").split("\n").flatMap((line) => {
    const match = line.match(/^- (.+?) \((\w+), ([^)]+)\): (.*?)(?: — .*)?(?: \[.*\])?$/)
    return match ? [{ name: match[1]!, type: match[2]!, id: match[3]!, summary: match[4]! }] : []
  })

/** The steps of a plan written by `plan` below: `1. **Title**: text`. */
const parseSteps = (plan: string): ReadonlyArray<readonly [string, string]> =>
  plan.split("\n").flatMap((line) => {
    const match = line.match(/^\d+\.\s+\*\*(.+?)\*\*[:：]?\s*(.*)$/)
    return match ? [[match[1]!, match[2]!] as const] : []
  })

const parseOutOfScope = (plan: string, p: DemoPhrases): ReadonlyArray<string> => {
  const at = plan.indexOf(`**${p.outOfScopeTitle}**`)
  if (at === -1) return p.outOfScope
  return plan
    .slice(at)
    .split("\n")
    .flatMap((line) => (line.startsWith("- ") ? [line.slice(2)] : []))
}

/** The project as the tagged request describes it. */
export const projectOf = (p: DemoPhrases, user: string): Project => {
  const idea = clean(readTag(user, "user_requirements") ?? readTag(user, "query") ?? "")
  const plan = readTag(user, "plan") ?? readTag(user, "previous_plan") ?? ""
  const heading = plan.match(/^##\s+(.+)$/m)?.[1]?.trim()
  const steps = parseSteps(plan)
  return {
    system: heading ?? nameFromIdea(p, idea),
    idea,
    steps: steps.length > 0 ? steps : p.steps(heading ?? nameFromIdea(p, idea)),
    outOfScope: parseOutOfScope(plan, p),
    blocks: parseBlocks(readTag(user, "recommended_building_blocks"))
  }
}

// ---- the plan --------------------------------------------------------------------------------

export const plan = (p: DemoPhrases, user: string): string => {
  const idea = clean(readTag(user, "user_requirements") ?? "")
  const previous = readTag(user, "previous_plan")
  const system = previous?.match(/^##\s+(.+)$/m)?.[1]?.trim() ?? nameFromIdea(p, idea)
  const previousSteps = previous ? parseSteps(previous) : []
  const steps = previousSteps.length > 0 ? [...previousSteps] : [...p.steps(system)]
  const points = (readTag(user, "improvement_points") ?? "").split("\n").flatMap((l) => (l.startsWith("- ") ? [clean(l.slice(2))] : []))
  for (const point of points) {
    const step = p.feedbackStep(point.replace(/[.。]$/, ""))
    if (!steps.some(([title, text]) => title === step[0] && text === step[1])) steps.push(step)
  }
  const blocks = parseBlocks(readTag(user, "recommended_building_blocks"))
  if (readTag(user, "planning_stage") === "technical" && blocks.length > 0) {
    const step = p.integrateStep(blocks.map((b) => b.name).join(", "))
    const at = steps.findIndex(([title]) => title === step[0])
    if (at === -1) steps.splice(Math.min(2, steps.length), 0, step)
    else steps[at] = step
  }
  return [
    `## ${system}`,
    "",
    p.purpose(system, idea),
    "",
    ...steps.map(([title, text], i) => `${i + 1}. **${title}**: ${text}`),
    "",
    `**${p.outOfScopeTitle}**`,
    ...(previous ? parseOutOfScope(previous, p) : p.outOfScope).map((item) => `- ${item}`)
  ].join("\n")
}

// ---- recommendations and research ------------------------------------------------------------

export const selection = (p: DemoPhrases, user: string): string => {
  let candidates: ReadonlyArray<{ id: string; name: string }> = []
  try {
    candidates = JSON.parse(readTag(user, "candidates") ?? "[]") as ReadonlyArray<{ id: string; name: string }>
  } catch {
    candidates = []
  }
  const max = Number.parseInt(readTag(user, "max_results") ?? "5", 10) || 5
  const system = nameFromIdea(p, (readTag(user, "project_context") ?? "").split("\n").find((l) => l.startsWith("## "))?.slice(3) ?? readTag(user, "query") ?? "")
  return JSON.stringify({ selected: candidates.slice(0, max).map((c) => ({ id: c.id, reason: p.reason(c.name, system) })) })
}

export const analysis = (p: DemoPhrases, user: string): string => {
  const keyword = readTag(user, "keyword") ?? ""
  const sources = (readTag(user, "sources") ?? "").split(/\n(?=## )/).filter((s) => s.startsWith("## "))
  const context = readTag(user, "project_context") ?? ""
  const system = context.match(/^##\s+(.+)$/m)?.[1] ?? nameFromIdea(p, context)
  const points = sources.flatMap((source) => {
    const lines = source.split("\n").slice(2).join(" ").trim()
    const sentence = lines.split(/(?<=[.!?。！？])\s/)[0]?.trim()
    return sentence ? [sentence.slice(0, 200)] : []
  })
  return JSON.stringify({
    summary: p.researchSummary(keyword, sources.length, system),
    key_points: points.length > 0 ? points : [keyword],
    recommendations: p.researchAdvice(keyword),
    relevance: sources.length > 0 ? 0.8 : 0.2
  })
}

// ---- documents -------------------------------------------------------------------------------

const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) =>
  [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map((c) => c.replaceAll("|", "/")).join(" | ")} |`)].join("\n")

const list = (items: ReadonlyArray<string>) => items.map((i) => `- ${i}`).join("\n")

const priorities = (i: number) => (i < 3 ? "P0" : i < 6 ? "P1" : "P2")

const components = (p: DemoPhrases) => [p.comp.web, p.comp.api, p.comp.worker, p.comp.db] as const

export const section = {
  overview: (p: DemoPhrases, x: Project) => `## ${p.h.overview}\n\n${p.overviewText(x.system, x.idea)}`,
  goals: (p: DemoPhrases, x: Project, level = 2) =>
    `${"#".repeat(level)} ${p.h.goals}\n\n${list(x.steps.slice(0, 6).map(([title]) => title))}\n\n${"#".repeat(level)} ${p.h.nonGoals}\n\n${list(x.outOfScope)}`,
  users: (p: DemoPhrases) => `## ${p.h.users}\n\n${list(p.userRoles.map(([role, what]) => `**${role}**: ${what}`))}`,
  features: (p: DemoPhrases, x: Project, heading: string) =>
    `## ${heading}\n\n${table([p.table.feature, p.table.description, p.table.priority], x.steps.map(([title, text], i) => [title, text, priorities(i)]))}`,
  nfr: (p: DemoPhrases) => `## ${p.h.nfr}\n\n${list(p.nfrs)}\n\n## ${p.h.constraints}\n\n${list(p.constraintsList)}`,
  components: (p: DemoPhrases, x: Project, heading: string) => {
    // The API service talks to the external building blocks; the worker only to the database and the queue.
    const talksTo = [[p.comp.api[0]], [p.comp.db[0], p.comp.worker[0], ...x.blocks.map((b) => b.name)], [p.comp.db[0], p.comp.api[0]], [p.comp.api[0], p.comp.worker[0]]]
    const rows = components(p).map(([name, what], i) => [`**${name}**`, what, (talksTo[i] ?? []).join(", ")])
    return `## ${heading}\n\n${p.architectureText}\n\n${table([p.table.component, p.table.responsibility, p.table.talksTo], rows)}`
  },
  blocks: (p: DemoPhrases, x: Project) =>
    `## ${p.h.blocks}\n\n${x.blocks.length > 0 ? list(x.blocks.map((b) => `**${b.name}** (${b.type}): ${b.summary} *${p.chosenBecause}*: ${p.reason(b.name, x.system)}`)) : p.noBlocks}`,
  diagram: (p: DemoPhrases, x: Project, heading: string) => {
    const lines = [
      "flowchart LR",
      `  W["${mermaidLabel(p.comp.web[0])}"] --> A["${mermaidLabel(p.comp.api[0])}"]`,
      `  A --> D["${mermaidLabel(p.comp.db[0])}"]`,
      `  A --> K["${mermaidLabel(p.comp.worker[0])}"]`,
      `  K --> D`,
      ...x.blocks.slice(0, 6).map((b, i) => `  A --> X${i}["${mermaidLabel(b.name)}"]`)
    ]
    return `## ${heading}\n\n\`\`\`mermaid\n${lines.join("\n")}\n\`\`\``
  },
  flows: (p: DemoPhrases, x: Project, level: number, deep: boolean) => {
    const f = p.flow
    const hx = "#".repeat(level)
    const external = x.blocks[0]?.name ?? p.comp.worker[0]
    const main = [
      "flowchart TD",
      `  U["${mermaidLabel(f.user)}"] --> W["${mermaidLabel(p.comp.web[0])}"]`,
      `  W --> A["${mermaidLabel(p.comp.api[0])}"]`,
      `  A --> V{"${mermaidLabel(f.valid)}"}`,
      `  V -->|"${mermaidLabel(f.no)}"| E["${mermaidLabel(f.showError)}"]`,
      `  V -->|"${mermaidLabel(f.yes)}"| S["${mermaidLabel(f.save)}"]`,
      `  S --> C["${mermaidLabel(f.confirm)}"]`
    ]
    const background = [
      "flowchart LR",
      `  S["${mermaidLabel(f.save)}"] --> Q["${mermaidLabel(f.enqueue)}"]`,
      `  Q --> K["${mermaidLabel(p.comp.worker[0])}"]`,
      `  K --> X["${mermaidLabel(external)}"]`,
      `  X --> N{"${mermaidLabel(f.valid)}"}`,
      `  N -->|"${mermaidLabel(f.yes)}"| M["${mermaidLabel(f.notify)}"]`,
      `  N -->|"${mermaidLabel(f.no)}"| R["${mermaidLabel(f.retry)}"]`,
      `  R --> Q`
    ]
    const signIn = [
      "flowchart TD",
      `  U["${mermaidLabel(f.user)}"] --> L["${mermaidLabel(f.signIn)}"]`,
      `  L --> A["${mermaidLabel(p.comp.api[0])}"]`,
      `  A --> V{"${mermaidLabel(f.valid)}"}`,
      `  V -->|"${mermaidLabel(f.yes)}"| S["${mermaidLabel(f.session)}"]`,
      `  V -->|"${mermaidLabel(f.no)}"| E["${mermaidLabel(f.showError)}"]`
    ]
    const flow = (title: string, text: string, chart: ReadonlyArray<string>) => `${hx} ${title}\n\n${text}\n\n\`\`\`mermaid\n${chart.join("\n")}\n\`\`\``
    return [
      flow(f.mainTitle, f.mainText, main),
      flow(f.backgroundTitle, f.backgroundText, background),
      ...(deep ? [flow(f.signInTitle, f.signInText, signIn)] : []),
      list(f.failures)
    ].join("\n\n")
  },
  dataModel: (p: DemoPhrases, level: number) => {
    const hx = "#".repeat(level)
    const e = p.entities
    const t = p.table
    const entity = (name: string, fields: ReadonlyArray<readonly [string, string, string]>, notes: ReadonlyArray<string>) =>
      `${hx} ${name}\n\n${table([t.field, t.type, t.required, t.notes], fields.map(([field, type, required], i) => [field, type, required, notes[i - 1] ?? ""]))}`
    return [
      entity(e.user, [["id", "uuid", t.yes], ["email", "text", t.yes], ["display_name", "text", t.yes], ["role", "enum", t.yes], ["created_at", "timestamp", t.yes]], e.userNotes),
      entity(e.item, [["id", "uuid", t.yes], ["owner_id", "uuid → user.id", t.yes], ["title", "text", t.yes], ["status", "enum", t.yes], ["updated_at", "timestamp", t.yes]], e.itemNotes),
      entity(e.event, [["id", "uuid", t.yes], ["type", "text", t.yes], ["item_id", "uuid → record.id", t.no], ["at", "timestamp", t.yes]], e.eventNotes),
      `${hx} ${p.h.relationships}\n\n${list(e.relations)}`
    ].join("\n\n")
  },
  apis: (p: DemoPhrases, heading: string) =>
    `## ${heading}\n\n${table([p.table.endpoint, p.table.description, p.table.input, p.table.output], [
      ["`POST /api/sessions`", p.apiNotes[0] ?? "", "email, password", "session"],
      ["`GET /api/records?q=&page=`", p.apiNotes[1] ?? "", "q, filters, page", "records[], next_page"],
      ["`POST /api/records`", p.apiNotes[2] ?? "", "title, …", "record (201)"],
      ["`PATCH /api/records/{id}`", p.apiNotes[3] ?? "", "changed fields", "record"],
      ["`DELETE /api/records/{id}`", p.apiNotes[4] ?? "", "—", "204"]
    ])}`,
  listSection: (heading: string, items: ReadonlyArray<string>) => `## ${heading}\n\n${list(items)}`,
  numbered: (heading: string, items: ReadonlyArray<string>) => `## ${heading}\n\n${items.map((item, i) => `${i + 1}. ${item}`).join("\n")}`
}

/** `design.md`: every section of a real design document, in one. */
export const quickDesign = (p: DemoPhrases, x: Project): string =>
  [
    `# ${p.h.design(x.system)}`,
    section.overview(p, x),
    `## ${p.h.goalsAndNonGoals}\n\n${section.goals(p, x, 3).replaceAll(/^## /gm, "### ")}`,
    `## ${p.h.usersAndFeatures}\n\n${list(p.userRoles.map(([role, what]) => `**${role}**: ${what}`))}\n\n${table([p.table.feature, p.table.description, p.table.priority], x.steps.map(([title, text], i) => [title, text, priorities(i)]))}`,
    section.components(p, x, p.h.architectureSection),
    section.blocks(p, x).replace(/^## /, "### "),
    `## ${p.h.keyFlows}\n\n${section.flows(p, x, 3, false)}`,
    `## ${p.h.dataModelSection}\n\n${section.dataModel(p, 3)}`,
    section.apis(p, p.h.interfaces),
    section.listSection(p.h.errorHandling, p.errorHandlingList),
    section.listSection(p.h.security, p.securityList),
    section.listSection(p.h.deployment, p.deploymentList),
    section.listSection(p.h.testing, p.testingList),
    section.numbered(p.h.milestones, p.milestonesList(x.system)),
    section.listSection(p.h.openQuestions, p.openQuestionsList(x.system))
  ].join("\n\n") + "\n"

export const requirementsDoc = (p: DemoPhrases, x: Project): string =>
  [`# ${p.h.requirements(x.system)}`, section.overview(p, x), section.goals(p, x), section.users(p), section.features(p, x, p.h.features), section.nfr(p)].join("\n\n") + "\n"

export const architectureDoc = (p: DemoPhrases, x: Project): string =>
  [
    `# ${p.h.architecture(x.system)}`,
    section.components(p, x, p.h.components),
    section.blocks(p, x),
    section.diagram(p, x, p.h.componentDiagram),
    section.listSection(p.h.deployment, p.deploymentList),
    section.listSection(p.h.security, p.securityList)
  ].join("\n\n") + "\n"

export const flowsDoc = (p: DemoPhrases, x: Project): string => `# ${p.h.flows(x.system)}\n\n${section.flows(p, x, 2, true)}\n`

export const dataModelDoc = (p: DemoPhrases, x: Project): string =>
  `# ${p.h.dataModel(x.system)}\n\n## ${p.h.dataModelSection}\n\n${section.dataModel(p, 3)}\n\n${section.apis(p, p.h.interfaces)}\n`

/** The components of an architecture written by `architectureDoc`, as the JSON the prompt asks for. */
export const componentList = (architecture: string): string => {
  const rows = architecture.split("\n").flatMap((line) => {
    const match = line.match(/^\|\s*\*\*(.+?)\*\*\s*\|\s*(.+?)\s*\|/)
    return match ? [{ name: match[1]!, responsibility: match[2]! }] : []
  })
  return JSON.stringify({ components: rows })
}

export const componentDoc = (p: DemoPhrases, user: string): string => {
  const [name = "", responsibility = ""] = (readTag(user, "component") ?? "").split("\n")
  return [
    `## ${name}`,
    `### ${p.h.responsibility}\n\n${responsibility}`,
    `### ${p.h.interface}\n\n${list(p.apiNotes.slice(0, 3).map((n, i) => `${["`POST /api/sessions`", "`GET /api/records`", "`POST /api/records`"][i]}: ${n}`))}`,
    `### ${p.h.internal}\n\n${p.componentInternal(name)}`,
    `### ${p.h.data}\n\n${list([p.entities.user, p.entities.item, p.entities.event])}`,
    `### ${p.h.errorHandling}\n\n${p.componentErrors}`,
    `### ${p.h.testing}\n\n${p.componentTests(name)}`
  ].join("\n\n")
}

export const deliveryDoc = (p: DemoPhrases, x: Project): string =>
  [
    section.listSection(p.h.errorHandling, p.errorHandlingList),
    section.listSection(p.h.testing, p.testingList),
    section.numbered(p.h.milestones, p.milestonesList(x.system)),
    section.listSection(p.h.openQuestions, p.openQuestionsList(x.system))
  ].join("\n\n") + "\n"
