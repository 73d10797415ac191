/**
 * Reads a `text/event-stream` body into messages with `eventsource-parser` (WHATWG framing: an
 * event cut off by a dropped connection is never delivered half). Only web APIs: `ReadableStream`
 * and `TextDecoder`.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser"

export type SseMessage = EventSourceMessage

export interface ReadOptions {
  /** Called for every chunk of bytes, comments and heartbeats included: the connection is alive. */
  readonly onBytes?: () => void
  /** Aborting it ends the reading at once, as if the stream had ended, and releases the connection. */
  readonly signal?: AbortSignal
}

/** The messages of one response body, in order. Throws what the body's reader throws (a dropped connection). */
export async function* readSse(body: ReadableStream<Uint8Array>, options: ReadOptions = {}): AsyncGenerator<SseMessage> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  const pending: Array<SseMessage> = []
  const parser = createParser({ onEvent: (message) => void pending.push(message) })
  const stop = () => void reader.cancel().catch(() => undefined)
  options.signal?.addEventListener("abort", stop, { once: true })
  try {
    for (;;) {
      while (pending.length > 0) yield pending.shift()!
      if (options.signal?.aborted) return
      const chunk = await reader.read()
      if (chunk.done) {
        parser.feed(decoder.decode())
        while (pending.length > 0) yield pending.shift()!
        return
      }
      options.onBytes?.()
      parser.feed(decoder.decode(chunk.value, { stream: true }))
    }
  } finally {
    options.signal?.removeEventListener("abort", stop)
    // Leaving early (a break, an error, an abort) releases the connection.
    stop()
  }
}
