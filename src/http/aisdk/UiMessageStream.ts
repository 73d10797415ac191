/**
 * The AI SDK reading of a run: each native event as the UI message stream parts it means, a
 * pure function of the events so far. One run is one assistant UI message, whose id is the run
 * id; each model round is a step.
 *
 *   connection                → start {messageId: run id, messageMetadata: {session_id, run_id}}
 *   assistant_message_start   → (finish-step) start-step
 *   assistant_message_chunk   → text-start (at the first text) / text-delta
 *   assistant_message_end     → text-end
 *   tool_call_start           → tool-input-start + tool-input-available
 *   tool_call_progress        → tool-output-available {preliminary: true, output: {status, message, step, total}}
 *   tool_call_end             → tool-output-available (the result) or tool-output-error
 *   design_document_generated → data-design-document {id: filename, data}
 *   custom {name, value}      → data-<name> {data: value}
 *   error                     → error {errorText}
 *   complete                  → (text-end, finish-step) (abort when cancelled) finish {finishReason,
 *                               messageMetadata: {status, tool_execution_results_updates, …}}
 *
 * Parts whose opening was never seen (a replay that starts past evicted events) are opened on
 * the spot, so the client's reader never meets a part it does not know.
 */
import type { DataOf, RunEvent } from "../../domain/Events.js"
import type { Dialect } from "../DialectStream.js"
import type { FinishReason, UiMessageChunk } from "./UiMessageChunk.js"

export interface UiMessageRun {
  readonly sessionId: string
  readonly runId: string
}

export interface UiMessageState {
  readonly started: boolean
  readonly ended: boolean
  readonly stepOpen: boolean
  /** Text parts started and not yet ended. */
  readonly openText: ReadonlyArray<string>
  /** Tool calls whose input was announced. */
  readonly tools: ReadonlyArray<string>
}

export const initialUiMessageState: UiMessageState = { started: false, ended: false, stepOpen: false, openText: [], tools: [] }

/** The data part of a generated design document (`data-design-document`). */
export const DOCUMENT_PART = "data-design-document"

const FINISH_REASON: Record<DataOf<"complete">["status"], FinishReason> = { completed: "stop", failed: "error", cancelled: "other" }

type ToolData = DataOf<"tool_call_start"> | DataOf<"tool_call_progress"> | DataOf<"tool_call_end">

export const uiMessageDialect = (run: UiMessageRun): Dialect<UiMessageState, UiMessageChunk> => ({
  initial: initialUiMessageState,
  translate: (state, envelope) => {
    if (state.ended) return [state, []]
    const out: Array<UiMessageChunk> = []
    let next = state
    if (!next.started) {
      out.push({ type: "start", messageId: run.runId, messageMetadata: { session_id: run.sessionId, run_id: run.runId } })
      next = { ...next, started: true }
    }
    const openStep = () => {
      if (next.stepOpen) return
      out.push({ type: "start-step" })
      next = { ...next, stepOpen: true }
    }
    const announce = (data: ToolData) => {
      if (next.tools.includes(data.call_id)) return
      openStep()
      out.push({ type: "tool-input-start", toolCallId: data.call_id, toolName: data.tool_name })
      out.push({ type: "tool-input-available", toolCallId: data.call_id, toolName: data.tool_name, input: data.arguments })
      next = { ...next, tools: [...next.tools, data.call_id] }
    }
    const event = envelope as RunEvent
    switch (event.event_type) {
      case "assistant_message_start":
        if (next.stepOpen) out.push({ type: "finish-step" })
        out.push({ type: "start-step" })
        next = { ...next, stepOpen: true }
        break
      case "assistant_message_chunk": {
        const { message_id: id, content } = event.data
        if (content === "") break
        openStep()
        if (!next.openText.includes(id)) {
          out.push({ type: "text-start", id })
          next = { ...next, openText: [...next.openText, id] }
        }
        out.push({ type: "text-delta", id, delta: content })
        break
      }
      case "assistant_message_end": {
        const id = event.data.message_id
        if (next.openText.includes(id)) {
          out.push({ type: "text-end", id })
          next = { ...next, openText: next.openText.filter((open) => open !== id) }
        }
        break
      }
      case "tool_call_start":
        announce(event.data)
        break
      case "tool_call_progress": {
        announce(event.data)
        const { call_id, progress_message, progress_info } = event.data
        out.push({
          type: "tool-output-available",
          toolCallId: call_id,
          output: { status: "running", message: progress_message, ...(progress_info ?? {}) },
          preliminary: true
        })
        break
      }
      case "tool_call_end":
        announce(event.data)
        out.push(
          event.data.status === "completed"
            ? { type: "tool-output-available", toolCallId: event.data.call_id, output: event.data.result }
            : { type: "tool-output-error", toolCallId: event.data.call_id, errorText: event.data.error_message ?? event.data.progress_message }
        )
        break
      case "design_document_generated":
        out.push({ type: DOCUMENT_PART, id: event.data.filename, data: { ...event.data } })
        break
      case "custom":
        out.push({ type: `data-${event.data.name}`, data: event.data.value })
        break
      case "error":
        out.push({ type: "error", errorText: event.data.error_message })
        break
      case "complete": {
        for (const id of next.openText) out.push({ type: "text-end", id })
        if (next.stepOpen) out.push({ type: "finish-step" })
        const { status, result } = event.data
        if (status === "cancelled") out.push({ type: "abort", reason: result.error?.message ?? "cancelled" })
        out.push({
          type: "finish",
          finishReason: FINISH_REASON[status],
          messageMetadata: {
            status,
            tool_execution_results_updates: result.tool_execution_results_updates,
            execution_time: result.execution_time,
            error: result.error
          }
        })
        next = { ...next, openText: [], stepOpen: false, ended: true }
        break
      }
      default:
        break
    }
    return [next, out]
  }
})
