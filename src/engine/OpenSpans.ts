/**
 * Watches a run's events to know what is still open — a started assistant message, a started
 * tool call — so that a cancelled or crashed run can still close every pair it opened
 * (`assistant_message_end` once per started message, `tool_call_end` once per started call).
 *
 * The text of a message it closes is its chunks so far. Where the run's own log holds them (a
 * local run) they are read back from it at the close (`textFromLog`) rather than kept twice: the
 * planner already holds the reply while it streams, and with replies held back by slow clients
 * the second copy was a fifth of what the server grew by. A message longer than the log retains
 * is closed with the text still retained and `truncated: true` in its metadata.
 */
import { type DataOf, makeEvent, type PlannerEvent } from "../domain/Events.js"
import { TextBuilder } from "../domain/TextBuilder.js"
import type { RunLog } from "./RunLog.js"

/** A message's text read back from a log: its chunks from `firstId` on, and whether none was evicted. */
export type MessageText = (firstId: number, messageId: string) => { readonly text: string; readonly whole: boolean }

export const textFromLog =
  (log: RunLog): MessageText =>
  (firstId, messageId) => {
    const pieces: Array<string> = []
    for (const entry of log.retainedSince(firstId)) {
      if (entry.type !== "assistant_message_chunk") continue
      const data = entry.envelope.data as DataOf<"assistant_message_chunk">
      if (data.message_id === messageId) pieces.push(data.content)
    }
    return { text: pieces.join(""), whole: log.firstRetainedId <= firstId }
  }

interface OpenMessage {
  /** The id its `assistant_message_start` has in the log. */
  readonly firstId: number
  /** Its text so far, when it is not read back from a log. */
  readonly text: TextBuilder | null
}

export class OpenSpans {
  private readonly messages = new Map<string, OpenMessage>()
  private readonly calls = new Map<string, { readonly data: DataOf<"tool_call_start">; readonly startedAt: number }>()
  /** The planner's own `conversation_end`, once seen. */
  conversationEnd: DataOf<"conversation_end"> | null = null
  /** The last `error` event the planner emitted. */
  lastError: DataOf<"error"> | null = null

  /** `fromLog`: where a message's text is read back from at the close; without it the spans keep it. */
  constructor(private readonly fromLog?: MessageText) {}

  /** `id`: the id `event` has (or is about to get) in the run's log. */
  observe(event: PlannerEvent, now: number, id: number): void {
    switch (event.event_type) {
      case "assistant_message_start":
        this.messages.set(event.data.message_id, { firstId: id, text: this.fromLog === undefined ? new TextBuilder() : null })
        break
      case "assistant_message_chunk":
        this.messages.get(event.data.message_id)?.text?.append(event.data.content)
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
    for (const [message_id, open] of this.messages) {
      const { text, whole } = open.text !== null ? { text: open.text.toString(), whole: true } : this.fromLog!(open.firstId, message_id)
      const message_metadata = whole ? { interrupted: true } : { interrupted: true, truncated: true }
      out.push(makeEvent("assistant_message_end", { complete_message: text, message_id, message_metadata }))
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
