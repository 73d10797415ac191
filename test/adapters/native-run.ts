/**
 * Native runs written by hand, as the engine would log them, for the pure dialect tests: each
 * event wrapped in its envelope with a timestamp, in the order of spec 01.
 */
import { type DataOf, type Envelope, makeEvent, type RunEvent, type RunResult } from "../../src/domain/Events.js"

export const envelopes = (events: ReadonlyArray<RunEvent>, sessionId = "s1"): Array<Envelope<RunEvent>> =>
  events.map((event, i) => ({ ...event, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), session_id: sessionId, metadata: {} }) as Envelope<RunEvent>)

export const connection = (runId = "run_1") =>
  makeEvent("connection", {
    status: "connected",
    run_id: runId,
    resumed: false,
    dialogue_history_length: 1,
    config: { include_metadata: false, buffer_events: false, heartbeat_interval: 30, on_disconnect: "continue", language: "en" },
    server_info: { name: "gtplanner", version: "0", features: [] },
    llm: { model: "m", demo: false }
  })

export const text = (messageId: string, ...chunks: ReadonlyArray<string>): Array<RunEvent> => [
  makeEvent("assistant_message_start", { message_id: messageId }),
  ...chunks.map((content, i) => makeEvent("assistant_message_chunk", { content, is_complete: false, chunk_index: i, total_chunks: null, message_id: messageId }))
]

export const textEnd = (messageId: string, complete: string, toolCalls: ReadonlyArray<{ id: string; name: string; args: unknown }> = []) =>
  makeEvent("assistant_message_end", {
    complete_message: complete,
    message_id: messageId,
    message_metadata:
      toolCalls.length > 0
        ? { tool_calls: toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: JSON.stringify(c.args) } })) }
        : {}
  })

const toolBase = (callId: string, name: string, args: unknown) => ({
  tool_name: name,
  call_id: callId,
  arguments: args,
  result: null,
  execution_time: null,
  error_message: null
})

export const toolStart = (callId: string, name: string, args: unknown) =>
  makeEvent("tool_call_start", { ...toolBase(callId, name, args), status: "starting", progress_message: `Starting ${name}` })

export const toolProgress = (callId: string, name: string, args: unknown, message: string, info?: { step: number; total: number }) =>
  makeEvent("tool_call_progress", { ...toolBase(callId, name, args), status: "running", progress_message: message, ...(info ? { progress_info: info } : {}) })

export const toolEnd = (callId: string, name: string, args: unknown, outcome: { result: unknown } | { error: string }) =>
  makeEvent("tool_call_end", {
    ...toolBase(callId, name, args),
    ...("result" in outcome
      ? { status: "completed" as const, progress_message: `${name} done`, result: outcome.result, execution_time: 0.1 }
      : { status: "failed" as const, progress_message: `${name} failed`, execution_time: 0.1, error_message: outcome.error })
  })

export const document = (callId: string, filename: string, content: string) =>
  makeEvent("design_document_generated", { filename, content, format: "markdown", tool_call_id: callId })

export const custom = (name: string, value: unknown) => makeEvent("custom", { name, value })

export const error = (message: string, code: string) =>
  makeEvent("error", { error_message: message, error_details: { code, error_type: "LlmError", retryable: false } })

const result = (status: DataOf<"complete">["status"], updates: Record<string, unknown>, metadata: Record<string, unknown>): RunResult => ({
  success: status === "completed",
  session_id: "s1",
  execution_time: 1.5,
  new_messages: [],
  tool_execution_results_updates: updates,
  metadata,
  error: status === "completed" ? null : { code: status === "cancelled" ? "cancelled" : "llm_error", message: `The run was ${status}.` }
})

/** `conversation_end → complete → close` for a run that ended with `status`. */
export const ending = (
  status: DataOf<"complete">["status"],
  updates: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {}
): Array<RunEvent> => [
  makeEvent("conversation_end", {
    success: status === "completed",
    execution_time: 1.5,
    new_messages_count: 0,
    tool_execution_results_updates: updates,
    metadata,
    new_messages: []
  }),
  makeEvent("complete", { status, result: result(status, updates, metadata), statistics: { total_events: 10, session_duration: 1.5 } }),
  makeEvent("close", { status: "closing", message: "bye", final_statistics: { total_events: 11, session_duration: 1.5 } })
]
