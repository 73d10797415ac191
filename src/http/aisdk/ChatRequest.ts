/**
 * The body of `POST /api/chat`: what `useChat` (its `DefaultChatTransport`) sends —
 * `{id, messages: UIMessage[], trigger, messageId}` plus whatever the app adds to `body` — turned
 * into the native request. `id` is the session. Each assistant UI message becomes the native
 * messages it stands for: one assistant message per step (its text and tool calls), followed by a
 * `tool` message for each call that has an output. State: `tool_execution_results` when the body
 * carries it, otherwise the `tool_execution_results_updates` this server put in each assistant
 * message's metadata, merged in order — so a plain `useChat` carries the planner's state without
 * any code of its own.
 */
import { Either, Schema } from "effect"
import { ToolExecutionResults } from "../../domain/AgentContext.js"
import type { ContentPart, Message, ToolCall } from "../../domain/Message.js"
import { mergeToolResults } from "../../domain/ToolResults.js"
import { agentRequest, type ConvertedHistory, conversationId, expecting, RunOptions } from "../DialectRequest.js"
import { type Issue, issuesOf } from "../RequestBody.js"

const UiPart = Schema.Struct({ type: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.Unknown }))

export const UiMessage = Schema.Struct({
  id: Schema.optional(Schema.String),
  role: expecting(Schema.Literal("system", "user", "assistant"), `one of "system", "user", "assistant"`),
  parts: Schema.Array(UiPart),
  metadata: Schema.optional(Schema.Unknown)
})
export type UiMessage = typeof UiMessage.Type

export const ChatRequest = Schema.Struct({
  id: conversationId("id"),
  messages: Schema.Array(UiMessage),
  trigger: Schema.optional(Schema.String),
  messageId: Schema.optional(Schema.NullOr(Schema.String)),
  tool_execution_results: Schema.optionalWith(expecting(ToolExecutionResults, "an object"), { exact: true }),
  ...RunOptions.fields
})
export type ChatRequest = typeof ChatRequest.Type

const TextPart = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String })
const FilePart = Schema.Struct({ type: Schema.Literal("file"), mediaType: Schema.String, url: Schema.String })
const ToolPart = Schema.Struct({
  toolCallId: Schema.String,
  state: Schema.String,
  input: Schema.optional(Schema.Unknown),
  output: Schema.optional(Schema.Unknown),
  errorText: Schema.optional(Schema.String)
})
const DynamicToolPart = Schema.Struct({ ...ToolPart.fields, toolName: Schema.String })
const Metadata = Schema.Struct({
  tool_execution_results_updates: Schema.optionalWith(expecting(ToolExecutionResults, "an object"), { exact: true })
})

/** Decodes one part or message field in place, collecting its issues under `path`. */
const decodeAt = <A, I>(schema: Schema.Schema<A, I>, value: unknown, path: ReadonlyArray<PropertyKey>, issues: Array<Issue>): A | undefined => {
  const decoded = Schema.decodeUnknownEither(schema, { errors: "all" })(value)
  if (Either.isRight(decoded)) return decoded.right
  issues.push(...issuesOf(decoded.left, path))
  return undefined
}

/** A tool's output as the `tool` message the model reads. */
const toolContent = (state: string, output: unknown, errorText: string | undefined): string =>
  state === "output-error" ? JSON.stringify({ error: errorText ?? "The tool failed." }) : typeof output === "string" ? output : (JSON.stringify(output) ?? "null")

interface Step {
  text: Array<string>
  calls: Array<ToolCall>
  results: Array<Message>
}

const emptyStep = (): Step => ({ text: [], calls: [], results: [] })

/** One assistant UI message as native messages: per step, the assistant's message and its tool results. */
const assistantMessages = (message: UiMessage, at: ReadonlyArray<PropertyKey>, issues: Array<Issue>): Array<Message> => {
  const out: Array<Message> = []
  let step = emptyStep()
  const flush = () => {
    if (step.text.length > 0 || step.calls.length > 0) {
      out.push({ role: "assistant", content: step.text.join(""), ...(step.calls.length > 0 ? { tool_calls: step.calls } : {}) })
      out.push(...step.results)
    }
    step = emptyStep()
  }
  message.parts.forEach((part, j) => {
    const path = [...at, "parts", j]
    if (part.type === "step-start") return flush()
    if (part.type === "text") {
      const text = decodeAt(TextPart, part, path, issues)
      // Text after a tool call belongs to the model's next round.
      if (step.calls.length > 0) flush()
      if (text) step.text.push(text.text)
      return
    }
    const dynamic = part.type === "dynamic-tool"
    if (!dynamic && !part.type.startsWith("tool-")) return // reasoning, sources, files, data parts: the client's own
    const tool = dynamic ? decodeAt(DynamicToolPart, part, path, issues) : decodeAt(ToolPart, part, path, issues)
    // A call without an outcome (still streaming, awaiting approval) cannot be shown to the model.
    if (!tool || (tool.state !== "output-available" && tool.state !== "output-error")) return
    const name = dynamic ? String(part["toolName"]) : part.type.slice("tool-".length)
    const input = tool.input === undefined ? {} : tool.input
    step.calls.push({ id: tool.toolCallId, type: "function", function: { name, arguments: typeof input === "string" ? input : JSON.stringify(input) } })
    step.results.push({ role: "tool", tool_call_id: tool.toolCallId, content: toolContent(tool.state, tool.output, tool.errorText) })
  })
  flush()
  return out
}

const messageTextOf = (message: UiMessage, at: ReadonlyArray<PropertyKey>, issues: Array<Issue>): string =>
  message.parts
    .flatMap((part, j) => (part.type === "text" ? [decodeAt(TextPart, part, [...at, "parts", j], issues)?.text ?? ""] : []))
    .join("\n")

const userContent = (message: UiMessage, at: ReadonlyArray<PropertyKey>, issues: Array<Issue>): string | Array<ContentPart> => {
  const parts: Array<ContentPart> = []
  message.parts.forEach((part, j) => {
    if (part.type === "text") {
      const text = decodeAt(TextPart, part, [...at, "parts", j], issues)
      if (text) parts.push({ type: "text", text: text.text })
    } else if (part.type === "file") {
      const file = decodeAt(FilePart, part, [...at, "parts", j], issues)
      if (file?.mediaType.startsWith("image/")) parts.push({ type: "image_url", image_url: { url: file.url } })
    }
  })
  return parts.every((p) => p.type === "text") ? parts.map((p) => (p.type === "text" ? p.text : "")).join("\n") : parts
}

export interface ChatTurn extends ConvertedHistory {
  readonly state: ToolExecutionResults
}

/** The conversation and state as the planner reads them, or the issues naming each bad field. */
export const chatTurnOf = (body: ChatRequest): Either.Either<ChatTurn, ReadonlyArray<Issue>> => {
  const issues: Array<Issue> = []
  const history: Array<Message> = []
  const sources: Array<number> = []
  let derived: ToolExecutionResults = {}
  body.messages.forEach((message, i) => {
    const at = ["messages", i]
    const add = (native: ReadonlyArray<Message>) => {
      history.push(...native)
      for (let k = 0; k < native.length; k++) sources.push(i)
    }
    switch (message.role) {
      case "system":
        add([{ role: "system", content: messageTextOf(message, at, issues) }])
        break
      case "user":
        add([{ role: "user", content: userContent(message, at, issues) }])
        break
      case "assistant": {
        add(assistantMessages(message, at, issues))
        const metadata = message.metadata === undefined ? undefined : decodeAt(Metadata, message.metadata, [...at, "metadata"], issues)
        if (metadata?.tool_execution_results_updates) derived = mergeToolResults(derived, metadata.tool_execution_results_updates)
        break
      }
    }
  })
  if (issues.length > 0) return Either.left(issues.slice(0, 20))
  return Either.right({ history, sources, state: body.tool_execution_results ?? derived })
}

/** The native request for this body (its conversation already converted). */
export const agentRequestOf = (body: ChatRequest, turn: ChatTurn) =>
  agentRequest({
    sessionId: body.id,
    history: turn.history,
    state: turn.state,
    options: { language: body.language, on_disconnect: body.on_disconnect, heartbeat_interval: body.heartbeat_interval }
  })
