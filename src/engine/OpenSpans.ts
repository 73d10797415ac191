/**
 * Watches a run's events to know what is still open — a started assistant message, a started
 * tool call — so that a cancelled or crashed run can still close every pair it opened
 * (`assistant_message_end` once per started message, `tool_call_end` once per started call).
 */
import { type DataOf, makeEvent, type PlannerEvent } from "../domain/Events.js"
import { TextBuilder } from "../domain/TextBuilder.js"

export class OpenSpans {
  private readonly messages = new Map<string, TextBuilder>()
  private readonly calls = new Map<string, { readonly data: DataOf<"tool_call_start">; readonly startedAt: number }>()
  /** The planner's own `conversation_end`, once seen. */
  conversationEnd: DataOf<"conversation_end"> | null = null
  /** The last `error` event the planner emitted. */
  lastError: DataOf<"error"> | null = null

  observe(event: PlannerEvent, now: number): void {
    switch (event.event_type) {
      case "assistant_message_start":
        this.messages.set(event.data.message_id, new TextBuilder())
        break
      case "assistant_message_chunk":
        this.messages.get(event.data.message_id)?.append(event.data.content)
        break
      case "assistant_message_end":
        this.messages.delete(event.data.message_id)
        break
      case "tool_call_start":
        this.calls.set(event.data.call_id, { data: event.data, startedAt: now })
        break
      case "tool_call_end":
        this.calls.delete(event.data.call_id)
        break
      case "error":
        this.lastError = event.data
        break
      case "conversation_end":
        this.conversationEnd = event.data
        break
      default:
        break
    }
  }

  /** The events that close whatever is still open, in the order it was opened. */
  close(now: number, toolMessage: string): Array<PlannerEvent> {
    const out: Array<PlannerEvent> = []
    for (const [message_id, text] of this.messages) {
      out.push(makeEvent("assistant_message_end", { complete_message: text.toString(), message_id, message_metadata: { interrupted: true } }))
    }
    for (const { data, startedAt } of this.calls.values()) {
      out.push(
        makeEvent("tool_call_end", {
          ...data,
          status: "failed",
          progress_message: toolMessage,
          execution_time: (now - startedAt) / 1000,
          error_message: toolMessage
        })
      )
    }
    this.messages.clear()
    this.calls.clear()
    return out
  }
}
