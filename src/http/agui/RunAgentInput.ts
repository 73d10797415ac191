/**
 * The body of `POST /api/ag-ui`: AG-UI's `RunAgentInput`, decoded for what the planner uses and
 * turned into the native request. `threadId` is the session; `messages` become the
 * `dialogue_history` (activity and reasoning messages are the client's own and stay behind);
 * `state` is the `tool_execution_results` the client carries between turns; `forwardedProps` may
 * hold the native run options. Frontend `tools` and `context` are accepted and not used: the
 * planner offers the model its own tools only.
 */
import { Either, Schema } from "effect"
import { ToolExecutionResults } from "../../domain/AgentContext.js"
import type { ContentPart, Message } from "../../domain/Message.js"
import { agentRequest, type ConvertedHistory, conversationId, defaultRunOptions, expecting, RunOptions } from "../DialectRequest.js"
import { type Issue, issuesOf } from "../RequestBody.js"

const TextPart = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String })
const Source = Schema.Struct({ type: Schema.Literal("data", "url", "file"), value: Schema.String, mimeType: Schema.optional(Schema.String) })
const MediaPart = Schema.Struct({ type: Schema.Literal("image", "audio", "video", "document"), source: Source })
const Content = expecting(Schema.Union(Schema.String, Schema.Array(Schema.Union(TextPart, MediaPart))), "a string or an array of content parts")

const ToolCall = Schema.Struct({
  id: Schema.String,
  type: Schema.Literal("function"),
  function: Schema.Struct({ name: Schema.String, arguments: Schema.String })
})

const Instruction = Schema.Struct({ role: Schema.Literal("developer", "system"), content: Schema.String })
const User = Schema.Struct({ role: Schema.Literal("user"), content: Content })
const Assistant = Schema.Struct({
  role: Schema.Literal("assistant"),
  content: Schema.optional(Schema.NullOr(Schema.String)),
  toolCalls: Schema.optional(Schema.Array(ToolCall))
})
const ToolResult = Schema.Struct({ role: Schema.Literal("tool"), toolCallId: Schema.String, content: Content, error: Schema.optional(Schema.String) })
/** Messages the client keeps for its own display; the model never reads them. */
const ClientOnly = Schema.Struct({ role: Schema.Literal("activity", "reasoning") })

const SCHEMA_OF_ROLE = {
  developer: Instruction,
  system: Instruction,
  user: User,
  assistant: Assistant,
  tool: ToolResult,
  activity: ClientOnly,
  reasoning: ClientOnly
} as const

const ROLES = Object.keys(SCHEMA_OF_ROLE) as Array<keyof typeof SCHEMA_OF_ROLE>
const Role = expecting(Schema.Literal(...ROLES), `one of ${ROLES.map((r) => `"${r}"`).join(", ")}`)

/** A message read for its role first, then by the schema of that role: refusals then name the one field that is wrong. */
const LooseMessage = Schema.Struct({ role: Role }, Schema.Record({ key: Schema.String, value: Schema.Unknown }))

export type AgUiMessage = typeof Instruction.Type | typeof User.Type | typeof Assistant.Type | typeof ToolResult.Type | typeof ClientOnly.Type

export const RunAgentInput = Schema.Struct({
  threadId: conversationId("threadId"),
  runId: Schema.optional(Schema.String),
  state: Schema.optionalWith(expecting(ToolExecutionResults, "an object (the tool_execution_results) or null"), { exact: true, nullable: true }),
  messages: Schema.Array(LooseMessage),
  tools: Schema.optional(Schema.Array(Schema.Unknown)),
  context: Schema.optional(Schema.Array(Schema.Unknown)),
  forwardedProps: Schema.optionalWith(RunOptions, { exact: true, nullable: true })
})
export type RunAgentInput = typeof RunAgentInput.Type

/** AG-UI content as OpenAI content: text as text, images as `image_url` (a data source as a data URL); other media stay behind. */
const contentOf = (content: typeof Content.Type): string | Array<ContentPart> => {
  if (typeof content === "string") return content
  return content.flatMap((part): Array<ContentPart> => {
    if (part.type === "text") return [{ type: "text", text: part.text }]
    if (part.type !== "image" || part.source.type === "file") return []
    const url = part.source.type === "data" ? `data:${part.source.mimeType ?? "image/png"};base64,${part.source.value}` : part.source.value
    return [{ type: "image_url", image_url: { url } }]
  })
}

const textOf = (content: typeof Content.Type): string =>
  typeof content === "string" ? content : content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n")

const toNative = (message: AgUiMessage): Message | null => {
  switch (message.role) {
    case "developer":
    case "system":
      return { role: "system", content: message.content }
    case "user":
      return { role: "user", content: contentOf(message.content) }
    case "assistant": {
      const calls = message.toolCalls ?? []
      return { role: "assistant", content: message.content ?? null, ...(calls.length > 0 ? { tool_calls: calls } : {}) }
    }
    case "tool": {
      const text = textOf(message.content)
      const content = text === "" && message.error !== undefined ? JSON.stringify({ error: message.error }) : text
      return { role: "tool", content, tool_call_id: message.toolCallId }
    }
    case "activity":
    case "reasoning":
      return null
  }
}

/** The conversation as the planner reads it, or the issues naming each bad field. */
export const historyOf = (messages: RunAgentInput["messages"]): Either.Either<ConvertedHistory, ReadonlyArray<Issue>> => {
  const history: Array<Message> = []
  const sources: Array<number> = []
  const issues: Array<Issue> = []
  messages.forEach((loose, index) => {
    const decoded = Schema.decodeUnknownEither(SCHEMA_OF_ROLE[loose.role] as Schema.Schema<AgUiMessage>, { errors: "all" })(loose)
    if (Either.isLeft(decoded)) return void issues.push(...issuesOf(decoded.left, ["messages", index]))
    const native = toNative(decoded.right)
    if (native === null) return
    history.push(native)
    sources.push(index)
  })
  return issues.length > 0 ? Either.left(issues.slice(0, 20)) : Either.right({ history, sources })
}

/** The native request for this input (its history already converted). */
export const agentRequestOf = (input: RunAgentInput, converted: ConvertedHistory) =>
  agentRequest({ sessionId: input.threadId, history: converted.history, state: input.state ?? {}, options: input.forwardedProps ?? defaultRunOptions })
