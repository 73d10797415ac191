/**
 * The last 200 events, newest first, heartbeats included: type, id and local time, and the
 * whole JSON on demand (built when an entry is opened, so a long run costs no pretty-printing).
 */
import { byId, el, json } from "./dom.js"
import type { Received } from "./wire.js"

export const EVENT_LOG_LIMIT = 200

const time = (date: Date) => date.toLocaleTimeString(undefined, { hour12: false }) + `.${String(date.getMilliseconds()).padStart(3, "0")}`

export class EventLog {
  private readonly list = byId<HTMLOListElement>("event-log")

  add(received: Received, at: Date): void {
    const { event } = received
    const body = el("pre", { class: "event-json" })
    const entry = el(
      "details",
      { class: "event" },
      el(
        "summary",
        {},
        el("span", { class: "event-type" }, event.event_type),
        el("span", { class: "event-id" }, received.id === null ? "" : `#${received.id}`),
        el("time", { datetime: at.toISOString() }, time(at))
      ),
      body
    )
    entry.addEventListener("toggle", () => {
      if (entry.open && body.textContent === "") body.textContent = json(event)
    })
    this.list.prepend(el("li", { "data-event-type": event.event_type }, entry))
    while (this.list.childElementCount > EVENT_LOG_LIMIT) this.list.lastElementChild?.remove()
  }

  clear(): void {
    this.list.replaceChildren()
  }
}
