/**
 * Reads one `text/event-stream` response body. `fetch` rather than `EventSource`, because a
 * run starts with a POST and resumes with a `Last-Event-ID` header the page chooses.
 *
 * The framing is eventsource-parser's (line buffering across network chunks, multi-line
 * `data:`, `id:`, comments ignored); bytes become text through one streaming `TextDecoder`, so a
 * multi-byte character split between two chunks arrives whole (upstream defect 14).
 */
import { createParser } from "eventsource-parser"
import type { Received, WireEvent } from "./wire.js"

export interface StreamCallbacks {
  readonly onEvent: (received: Received) => void
  /** The server's `retry:` advice, in milliseconds. */
  readonly onRetry?: (ms: number) => void
}

/**
 * Feeds the body to the callbacks until it ends. Resolves when the server ends the body;
 * rejects when the connection breaks or the signal aborts it.
 */
export const readEventStream = async (body: ReadableStream<Uint8Array>, callbacks: StreamCallbacks): Promise<void> => {
  const decoder = new TextDecoder()
  const parser = createParser({
    onEvent: (message) => {
      const event = JSON.parse(message.data) as WireEvent
      const id = message.id === undefined || message.id === "" ? null : Number(message.id)
      callbacks.onEvent({ id: id !== null && Number.isSafeInteger(id) ? id : null, event })
    },
    ...(callbacks.onRetry ? { onRetry: callbacks.onRetry } : {})
  })
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parser.feed(decoder.decode(value, { stream: true }))
    }
    // An event still unterminated at the end is incomplete and, per the SSE rules, dropped.
    parser.feed(decoder.decode())
  } catch (error) {
    // A callback gave up on this stream, or the connection broke: let go of the connection too.
    void reader.cancel().catch(() => undefined)
    throw error
  }
}
