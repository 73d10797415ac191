/**
 * The demo model's side of the conversation: what a planner would do next, read from the
 * request — the state in the system prompt, the tool calls and results of this turn, the
 * user's last words. Plan → building blocks → design → a closing summary, one step per round,
 * so a single message ("design an online bookstore") goes all the way to a document.
 */
import { readTag } from "../../../planner/prompts/PromptBook.js"
import type { Reply, ScriptedToolCall } from "../Reply.js"
import type { ChatCompletionsBody } from "../ScriptedModel.js"
import type { DemoPhrases } from "./DemoPhrases.js"

type RequestMessage = ChatCompletionsBody["messages"][number]

const textOf = (message: RequestMessage | undefined): string => {
  const content = message?.content
  if (typeof content === "string") return content
  if (Array.isArray(content)) {
    return content.flatMap((p: { type?: string; text?: string }) => (p.type === "text" && p.text ? [p.text] : [])).join("\n")
  }
  return ""
}

interface CallRecord {
  readonly name: string
  readonly failed: boolean
  readonly content: string
}

/** The tool calls made since the user's last message, with whether each failed. */
const callsThisTurn = (messages: ReadonlyArray<RequestMessage>, lastUser: number): ReadonlyArray<CallRecord> => {
  const results = new Map<string, string>()
  for (const m of messages.slice(lastUser + 1)) if (m.role === "tool" && m.tool_call_id) results.set(m.tool_call_id, textOf(m))
  return messages.slice(lastUser + 1).flatMap((m) => {
    if (m.role !== "assistant" || !Array.isArray(m.tool_calls)) return []
    return (m.tool_calls as ReadonlyArray<{ id: string; function: { name: string } }>).map((call) => {
      const content = results.get(call.id) ?? ""
      return { name: call.function.name, failed: /^\{"error":/.test(content), content }
    })
  })
}

const errorOf = (content: string): string => {
  try {
    return String((JSON.parse(content) as { error?: unknown }).error ?? content)
  } catch {
    return content
  }
}

/** English keywords for the catalog search (it is indexed in English), plus the user's own words. */
const CATALOG_QUERY = "payments checkout, transactional email, postgres database, user authentication login, file storage uploads, web framework rest api"

const say = (text: string, toolCalls?: ReadonlyArray<ScriptedToolCall>): Reply => ({ text, ...(toolCalls ? { toolCalls } : {}), delayMs: 5 })

export const nextStep = (p: DemoPhrases, system: string, body: ChatCompletionsBody): Reply => {
  const messages = body.messages
  const lastUser = messages.map((m) => m.role).lastIndexOf("user")
  const userText = textOf(messages[lastUser]).trim()
  const firstUserText = textOf(messages.find((m) => m.role === "user")).trim()
  const tools = new Set((body.tools ?? []).map((t) => t.function.name))
  const calls = callsThisTurn(messages, lastUser)
  const called = (name: string) => calls.some((c) => c.name === name && !c.failed)
  const deep = p.deepWords.test(userText)
  const hadPlan = readTag(system, "agreed_plan") !== undefined
  const hadBlocks = readTag(system, "recommended_building_blocks") !== undefined
  const hadDocs = readTag(system, "design_documents") !== undefined
  const notice = calls.length === 0 ? `${p.demoNotice}\n\n` : ""
  const idea = userText.replaceAll(/[_*`\\]/g, "").slice(0, 300)

  const failed = calls.at(-1)
  if (failed?.failed) return say(p.stepFailed(errorOf(failed.content)))

  // A returning user with a plan gives feedback: revise the plan, then redesign.
  const revising = hadPlan && hadDocs && !deep && userText !== firstUserText
  if ((!hadPlan || revising) && !called("short_planning") && tools.has("short_planning")) {
    const args = revising
      ? { user_requirements: firstUserText, improvement_points: [userText], planning_stage: "technical" }
      : { user_requirements: userText, planning_stage: "initial" }
    return say(`${notice}${revising ? p.revising : p.planning(idea)}`, [{ name: "short_planning", arguments: args }])
  }
  if (!hadBlocks && !called("tool_recommend") && tools.has("tool_recommend")) {
    return say(`${notice}${p.recommending}`, [{ name: "tool_recommend", arguments: { query: `${CATALOG_QUERY} ${firstUserText}`.slice(0, 400), top_k: 6 } }])
  }
  if ((!hadDocs || revising || deep) && !called("design") && tools.has("design")) {
    return say(`${notice}${p.designing(deep)}`, [{ name: "design", arguments: { user_requirements: firstUserText, design_mode: deep ? "deep" : "quick" } }])
  }
  const design = calls.find((c) => c.name === "design" && !c.failed)
  if (design) {
    try {
      const summary = JSON.parse(design.content) as { documents?: ReadonlyArray<{ filename: string }> }
      return say(p.done((summary.documents ?? []).map((d) => d.filename)))
    } catch {
      // fall through to the generic answer
    }
  }
  return say(`${notice}${p.fallback(idea)}`)
}
