/**
 * The AG-UI reading of a run: each native event as the AG-UI events it means, a pure function
 * of the events so far. The output keeps the grammar `@ag-ui/client` verifies: `RUN_STARTED`
 * first; every `TEXT_MESSAGE_START` ended before anything closes the run; tool calls opened and
 * closed at once (their arguments arrive whole) with the result following later as
 * `TOOL_CALL_RESULT`; nothing after `RUN_FINISHED` / `RUN_ERROR`.
 *
 *   connection                → RUN_STARTED
 *   assistant_message_*       → TEXT_MESSAGE_START / CONTENT / END (started at the first text, so
 *                               a reply that only calls tools opens no empty message)
 *   tool_call_start           → TOOL_CALL_START + TOOL_CALL_ARGS + TOOL_CALL_END
 *   tool_call_progress        → ACTIVITY_SNAPSHOT (one activity message per call, replaced;
 *                               told at the end how the call ended)
 *   tool_call_end             → TOOL_CALL_RESULT
 *   design_document_generated → CUSTOM `design_document`
 *   custom {name, value}      → CUSTOM {name, value}
 *   complete                  → STATE_SNAPSHOT (when the turn updated the state), then
 *                               RUN_FINISHED (completed; cancelled with outcome `cancelled`)
 *                               or RUN_ERROR (failed)
 */
import { type AGUIEvent, EventType, type TokenUsage } from "@ag-ui/core"
import type { ToolExecutionResults } from "../../domain/AgentContext.js"
import type { DataOf, RunEvent } from "../../domain/Events.js"
import { mergeToolResults } from "../../domain/ToolResults.js"
import type { Dialect } from "../DialectStream.js"

/** What the translation needs from the request. */
export interface AgUiRun {
  readonly threadId: string
  /** The client's `runId`, echoed on the run's lifecycle events. */
  readonly runId: string
  /** The state the client sent: the base the final `STATE_SNAPSHOT` is merged onto. */
  readonly state: ToolExecutionResults
}

export interface AgUiState {
  readonly started: boolean
  readonly ended: boolean
  /** Text messages started and not yet ended. */
  readonly openText: ReadonlyArray<string>
  /** The assistant message that made each tool call, so its call attaches to it. */
  readonly parentOf: Readonly<Record<string, string>>
  /** Tool calls that reported progress: their activity message is told how they ended. */
  readonly progressed: ReadonlyArray<string>
  readonly lastError: { readonly message: string; readonly code: string } | null
}

export const initialAgUiState: AgUiState = { started: false, ended: false, openText: [], parentOf: {}, progressed: [], lastError: null }

/** The activity type of a tool call's progress messages. */
export const PROGRESS_ACTIVITY = "TOOL_PROGRESS"
/** The CUSTOM event name of a generated design document. */
export const DOCUMENT_EVENT = "design_document"

/** A tool's outcome as the text of its result message (what the model read is not on the wire). */
const resultContent = (data: DataOf<"tool_call_end">): string => {
  if (data.status === "failed") return JSON.stringify({ error: data.error_message ?? data.progress_message })
  return typeof data.result === "string" ? data.result : (JSON.stringify(data.result) ?? "null")
}

const argumentsText = (args: unknown): string => (typeof args === "string" ? args : (JSON.stringify(args) ?? ""))

/** A call's progress as its activity message: the latest word replaces the one before. */
const progressActivity = (data: DataOf<"tool_call_progress"> | DataOf<"tool_call_end">, timestamp: number): AGUIEvent => ({
  type: EventType.ACTIVITY_SNAPSHOT,
  timestamp,
  messageId: `${data.call_id}-progress`,
  activityType: PROGRESS_ACTIVITY,
  content: { tool_name: data.tool_name, tool_call_id: data.call_id, status: data.status, message: data.progress_message, ...(data.progress_info ?? {}) }
})

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

/** The model's token counts (OpenAI's names) in AG-UI's accounting. */
const usageOf = (metadata: Readonly<Record<string, unknown>>): Array<TokenUsage> | undefined => {
  const usage = metadata["usage"]
  if (!isRecord(usage)) return undefined
  const count = (key: string) => (typeof usage[key] === "number" ? { value: usage[key] } : undefined)
  const input = count("prompt_tokens")
  const output = count("completion_tokens")
  const total = count("total_tokens")
  return [
    {
      ...(typeof metadata["model"] === "string" ? { model: metadata["model"] } : {}),
      ...(input ? { inputTokens: input.value } : {}),
      ...(output ? { outputTokens: output.value } : {}),
      ...(total ? { totalTokens: total.value } : {})
    }
  ]
}

export const agUiDialect = (run: AgUiRun): Dialect<AgUiState, AGUIEvent> => ({
  initial: initialAgUiState,
  translate: (state, envelope) => {
    if (state.ended) return [state, []]
    const timestamp = Date.parse(envelope.timestamp)
    const out: Array<AGUIEvent> = []
    let next = state
    // The first event is RUN_STARTED whatever the log begins with.
    if (!next.started) {
      out.push({ type: EventType.RUN_STARTED, timestamp, threadId: run.threadId, runId: run.runId })
      next = { ...next, started: true }
    }
    const event = envelope as RunEvent
    switch (event.event_type) {
      case "assistant_message_chunk": {
        const { message_id: messageId, content } = event.data
        if (content === "") break
        if (!next.openText.includes(messageId)) {
          out.push({ type: EventType.TEXT_MESSAGE_START, timestamp, messageId, role: "assistant" })
          next = { ...next, openText: [...next.openText, messageId] }
        }
        out.push({ type: EventType.TEXT_MESSAGE_CONTENT, timestamp, messageId, delta: content })
        break
      }
      case "assistant_message_end": {
        const messageId = event.data.message_id
        if (next.openText.includes(messageId)) {
          out.push({ type: EventType.TEXT_MESSAGE_END, timestamp, messageId })
          next = { ...next, openText: next.openText.filter((id) => id !== messageId) }
        }
        const calls = event.data.message_metadata.tool_calls ?? []
        if (calls.length > 0) {
          next = { ...next, parentOf: { ...next.parentOf, ...Object.fromEntries(calls.map((c) => [c.id, messageId])) } }
        }
        break
      }
      case "tool_call_start": {
        const { call_id: toolCallId, tool_name: toolCallName } = event.data
        const parentMessageId = next.parentOf[toolCallId]
        out.push({ type: EventType.TOOL_CALL_START, timestamp, toolCallId, toolCallName, ...(parentMessageId ? { parentMessageId } : {}) })
        const delta = argumentsText(event.data.arguments)
        if (delta !== "") out.push({ type: EventType.TOOL_CALL_ARGS, timestamp, toolCallId, delta })
        out.push({ type: EventType.TOOL_CALL_END, timestamp, toolCallId })
        break
      }
      case "tool_call_progress": {
        out.push(progressActivity(event.data, timestamp))
        if (!next.progressed.includes(event.data.call_id)) next = { ...next, progressed: [...next.progressed, event.data.call_id] }
        break
      }
      case "tool_call_end":
        if (next.progressed.includes(event.data.call_id)) {
          out.push(progressActivity(event.data, timestamp))
          next = { ...next, progressed: next.progressed.filter((id) => id !== event.data.call_id) }
        }
        out.push({
          type: EventType.TOOL_CALL_RESULT,
          timestamp,
          messageId: `${event.data.call_id}-result`,
          toolCallId: event.data.call_id,
          role: "tool",
          content: resultContent(event.data)
        })
        break
      case "design_document_generated":
        out.push({ type: EventType.CUSTOM, timestamp, name: DOCUMENT_EVENT, value: { ...event.data } })
        break
      case "custom":
        out.push({ type: EventType.CUSTOM, timestamp, name: event.data.name, value: event.data.value })
        break
      case "error":
        next = { ...next, lastError: { message: event.data.error_message, code: String(event.data.error_details.code) } }
        break
      case "complete": {
        // The native log has already closed every pair; anything still open is closed anyway,
        // because the client rejects a run that ends with a message open.
        for (const messageId of next.openText) out.push({ type: EventType.TEXT_MESSAGE_END, timestamp, messageId })
        const { status, result } = event.data
        const updates = result.tool_execution_results_updates
        if (Object.keys(updates).length > 0) {
          out.push({ type: EventType.STATE_SNAPSHOT, timestamp, snapshot: mergeToolResults(run.state, updates) })
        }
        const usage = usageOf(result.metadata)
        const { new_messages: _messages, ...summary } = result
        if (status === "failed") {
          const error = next.lastError ?? { message: result.error?.message ?? "The run failed.", code: result.error?.code ?? "failed" }
          out.push({ type: EventType.RUN_ERROR, timestamp, message: error.message, code: error.code, ...(usage ? { usage } : {}) })
        } else {
          out.push({
            type: EventType.RUN_FINISHED,
            timestamp,
            threadId: run.threadId,
            runId: run.runId,
            result: { ...summary, status },
            ...(status === "cancelled" ? { outcome: { type: "cancelled" as const } } : {}),
            ...(usage ? { usage } : {})
          })
        }
        next = { ...next, openText: [], ended: true }
        break
      }
      default:
        break
    }
    return [next, out]
  }
})

