/**
 * The conversation as bubbles: earlier turns rebuilt from the history, and the live turn built
 * from its events — text streaming in as sanitised markdown, tool cards under the message that
 * made them, and a note when a run ends cancelled or failed. The list is an ARIA log; a bubble
 * is `aria-busy` while it streams so screen readers read it once, whole.
 */
import { el } from "./dom.js"
import type { I18n, TextKey } from "./i18n.js"
import { renderInto } from "./markdown.js"
import { ToolCard } from "./tool-cards.js"
import { type Message, messageText, type WireEvent } from "./wire.js"

const userBubble = (i18n: I18n, text: string) =>
  el("article", { class: "msg user" }, i18n.label("you", "span", { class: "visually-hidden" }), el("div", { class: "bubble" }, text))

const assistantBubble = (i18n: I18n, messageId: string | null) => {
  const body = el("div", { class: "bubble markdown" })
  const tools = el("div", { class: "tool-calls" })
  const article = el("article", { class: "msg assistant", ...(messageId ? { "data-message-id": messageId } : {}) }, i18n.label("assistant", "span", { class: "visually-hidden" }), body, tools)
  return { article, body, tools }
}

/** One assistant message of the live turn: its text as received, rendered at most once a frame. */
class StreamingMessage {
  text = ""
  private scheduled = false

  constructor(
    readonly article: HTMLElement,
    readonly body: HTMLElement,
    readonly tools: HTMLElement
  ) {
    article.setAttribute("aria-busy", "true")
  }

  append(delta: string): void {
    this.text += delta
    if (this.scheduled) return
    this.scheduled = true
    requestAnimationFrame(() => {
      this.scheduled = false
      renderInto(this.body, this.text)
    })
  }

  /**
   * The text shown is what the chunks said. `complete_message` is the server's own account: if
   * they differ, events were lost or doubled — the page shows the server's text and marks the
   * bubble, so the fault is visible rather than papered over.
   */
  end(completeMessage: string): void {
    if (completeMessage !== this.text) {
      console.warn("assistant text differs from complete_message", { streamed: this.text, complete: completeMessage })
      this.article.dataset["repaired"] = "true"
      this.text = completeMessage
    }
    renderInto(this.body, this.text)
    this.article.setAttribute("aria-busy", "false")
  }
}

/** The live turn: applies its events in order. */
export class TurnView {
  private readonly messages = new Map<string, StreamingMessage>()
  private readonly cards = new Map<string, ToolCard>()
  /** Which message made which call (from `assistant_message_end.message_metadata.tool_calls`). */
  private readonly callOwner = new Map<string, StreamingMessage>()
  private last: StreamingMessage | null = null

  constructor(
    private readonly i18n: I18n,
    private readonly list: HTMLElement
  ) {}

  apply(event: WireEvent): void {
    switch (event.event_type) {
      case "assistant_message_start":
        this.message(event.data.message_id)
        return
      case "assistant_message_chunk":
        this.message(event.data.message_id).append(event.data.content)
        return
      case "assistant_message_end": {
        const message = this.message(event.data.message_id)
        message.end(event.data.complete_message)
        for (const call of event.data.message_metadata.tool_calls ?? []) this.callOwner.set(call.id, message)
        return
      }
      case "tool_call_start":
      case "tool_call_progress":
      case "tool_call_end":
        this.card(event.data.call_id).update(event.data)
        return
      case "error":
        this.note("error", null, event.data.error_message)
        return
      case "complete":
        if (event.data.status === "cancelled") this.note("cancelled", "turnCancelled")
        if (event.data.status === "failed") this.note("failed", "turnFailed")
        return
      default:
        return
    }
  }

  /** A note under the turn: how it ended, or why it could not go on. */
  note(kind: string, key: TextKey | null, text?: string): void {
    const node = el("p", { class: `turn-note ${kind}`, role: kind === "cancelled" ? "status" : "alert", "data-kind": kind })
    if (key) node.append(this.i18n.label(key, "span"))
    if (key && text) node.append(" ")
    if (text) node.append(text)
    this.list.append(node)
  }

  private message(messageId: string): StreamingMessage {
    let message = this.messages.get(messageId)
    if (!message) {
      const { article, body, tools } = assistantBubble(this.i18n, messageId)
      this.list.append(article)
      message = new StreamingMessage(article, body, tools)
      this.messages.set(messageId, message)
    }
    this.last = message
    return message
  }

  private card(callId: string): ToolCard {
    let card = this.cards.get(callId)
    if (!card) {
      card = new ToolCard(this.i18n, callId)
      this.cards.set(callId, card)
      const owner = this.callOwner.get(callId) ?? this.last ?? this.message(`${callId}-owner`)
      owner.tools.append(card.element)
    }
    return card
  }
}

export class Transcript {
  /** Whether the view follows new content; false once the reader scrolls up to read. */
  private following = true

  constructor(
    private readonly i18n: I18n,
    readonly list: HTMLElement
  ) {
    list.addEventListener("scroll", () => {
      this.following = list.scrollTop + list.clientHeight >= list.scrollHeight - 40
    })
    // Text renders a frame after its event, so follow the DOM, not the events.
    new MutationObserver(() => {
      if (this.following) list.scrollTop = list.scrollHeight
    }).observe(list, { childList: true, subtree: true, characterData: true })
  }

  clear(): void {
    this.list.replaceChildren()
  }

  get messageCount(): number {
    return this.list.querySelectorAll(".msg").length
  }

  get toolCallCount(): number {
    return this.list.querySelectorAll(".tool-card").length
  }

  /** Earlier turns from the history: user and assistant bubbles, and a card per tool call with its `tool` message. */
  showHistory(history: ReadonlyArray<Message>): void {
    const toolMessages = new Map(history.flatMap((m) => (m.role === "tool" && m.tool_call_id ? [[m.tool_call_id, messageText(m)] as const] : [])))
    for (const message of history) {
      if (message.role === "user") this.list.append(userBubble(this.i18n, messageText(message)))
      if (message.role !== "assistant") continue
      const { article, body, tools } = assistantBubble(this.i18n, null)
      renderInto(body, messageText(message))
      for (const call of message.tool_calls ?? []) {
        tools.append(ToolCard.fromHistory(this.i18n, { id: call.id, ...call.function }, toolMessages.get(call.id) ?? null).element)
      }
      this.list.append(article)
    }
  }

  /** Starts the live turn with the user's message. */
  beginTurn(userText: string): TurnView {
    this.list.append(userBubble(this.i18n, userText))
    return new TurnView(this.i18n, this.list)
  }
}
