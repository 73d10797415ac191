/**
 * A card per tool call, under the assistant message that made it: live status (starting →
 * running → completed / failed), the latest progress message, the duration, and the arguments
 * and result behind disclosure widgets. Every field from the stream is set as text.
 */
import { el, json } from "./dom.js"
import type { I18n, TextKey } from "./i18n.js"
import type { DataOf } from "./wire.js"

type ToolCallData = DataOf<"tool_call_start"> | DataOf<"tool_call_progress"> | DataOf<"tool_call_end">
type Status = ToolCallData["status"]

const statusKey: Readonly<Record<Status, TextKey>> = {
  starting: "toolStarting",
  running: "toolRunning",
  completed: "toolCompleted",
  failed: "toolFailed"
}

export class ToolCard {
  readonly element: HTMLElement
  private readonly name = el("span", { class: "tool-name" })
  private readonly status = el("span", { class: "tool-status" })
  private readonly duration = el("span", { class: "tool-duration" })
  private readonly progress = el("p", { class: "tool-progress" })
  private readonly error = el("p", { class: "tool-error", hidden: true })
  private readonly args = el("pre", { class: "tool-arguments" })
  private readonly result = el("pre", { class: "tool-result" })
  private readonly resultBox: HTMLDetailsElement

  constructor(
    private readonly i18n: I18n,
    callId: string
  ) {
    this.resultBox = el("details", { class: "tool-result-box", hidden: true }, i18n.label("toolResult", "summary"), this.result)
    this.element = el(
      "div",
      { class: "tool-card", "data-call-id": callId, role: "group" },
      el("div", { class: "tool-head" }, this.name, this.status, this.duration),
      this.progress,
      this.error,
      el("details", { class: "tool-arguments-box" }, i18n.label("toolArguments", "summary"), this.args),
      this.resultBox
    )
  }

  /** Applies one `tool_call_*` event; later events carry every field, so the card is always whole. */
  update(data: ToolCallData): void {
    this.name.textContent = data.tool_name
    this.setStatus(data.status)
    if (data.progress_message) this.progress.textContent = data.progress_message
    this.args.textContent = json(data.arguments)
    if (data.execution_time !== null) this.duration.textContent = `${data.execution_time.toFixed(2)} s`
    if (data.status === "completed" || data.status === "failed") {
      this.resultBox.hidden = data.result === null || data.result === undefined
      this.result.textContent = json(data.result)
    }
    this.error.hidden = data.error_message === null
    this.error.replaceChildren(this.i18n.label("toolError", "strong"), ": ", data.error_message ?? "")
  }

  /** The card of a call from an earlier turn, rebuilt from the history (no progress or duration there). */
  static fromHistory(i18n: I18n, call: { id: string; name: string; arguments: string }, toolContent: string | null): ToolCard {
    const card = new ToolCard(i18n, call.id)
    card.name.textContent = call.name
    let args: unknown = call.arguments
    try {
      args = JSON.parse(call.arguments)
    } catch {
      // Shown as the model wrote it.
    }
    card.args.textContent = json(args)
    let parsed: unknown = toolContent
    try {
      parsed = toolContent === null ? null : JSON.parse(toolContent)
    } catch {
      // Plain text result.
    }
    const error = (parsed as { error?: unknown } | null)?.error
    card.setStatus(typeof error === "string" ? "failed" : "completed")
    if (typeof error === "string") {
      card.error.hidden = false
      card.error.replaceChildren(i18n.label("toolError", "strong"), ": ", error)
    } else if (toolContent !== null) {
      card.resultBox.hidden = false
      card.result.textContent = json(parsed)
    }
    return card
  }

  private setStatus(status: Status): void {
    this.element.dataset["status"] = status
    this.status.dataset["i18n"] = statusKey[status]
    this.status.textContent = this.i18n.t(statusKey[status])
  }
}
