/**
 * A small SSE client for tests: real `fetch` on loopback, frames parsed by `eventsource-parser`,
 * read one event at a time so a test can stop reading, abort, or resume. Every event it receives
 * is checked against the published JSON Schema of events (`/api/schema/events.json`), so the
 * whole suite holds the server to its contract.
 */
import { Ajv2020 } from "ajv/dist/2020.js"
import { createParser } from "eventsource-parser"
import { eventsJsonSchema } from "../../src/http/EventsJsonSchema.js"

const ajv = new Ajv2020({ allErrors: true })
const validateEnvelope = ajv.compile(eventsJsonSchema())

/** Throws when an envelope does not match the published schema of its event type. */
export const assertPublishedShape = (envelope: unknown): void => {
  if (validateEnvelope(envelope)) return
  const type = (envelope as { event_type?: unknown } | null)?.event_type
  throw new Error(`event ${String(type)} does not match /api/schema/events.json: ${ajv.errorsText(validateEnvelope.errors)}\n${JSON.stringify(envelope)}`)
}

/** An envelope as it arrives: checked by tests, so loosely typed here. */
export interface WireEnvelope {
  readonly event_type: string
  readonly timestamp: string
  readonly session_id: string
  readonly data: Record<string, any>
  readonly metadata: Record<string, unknown>
}

export interface SseEvent {
  readonly id: string | undefined
  readonly event: string | undefined
  readonly data: string
  /** The parsed JSON envelope. */
  readonly envelope: WireEnvelope
}

export class SseStream {
  readonly events: Array<SseEvent> = []
  readonly comments: Array<string> = []
  retry: number | undefined
  ended = false
  private readonly pending: Array<SseEvent> = []
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>
  private readonly decoder = new TextDecoder()
  private readonly parser = createParser({
    onEvent: (message) => {
      const envelope = JSON.parse(message.data) as WireEnvelope
      assertPublishedShape(envelope)
      const event: SseEvent = { id: message.id, event: message.event, data: message.data, envelope }
      this.pending.push(event)
    },
    onComment: (comment) => this.comments.push(comment),
    onRetry: (ms) => (this.retry = ms)
  })

  constructor(
    readonly response: Response,
    private readonly controller: AbortController
  ) {
    if (!response.body) throw new Error(`no body (status ${response.status})`)
    this.reader = response.body.getReader()
  }

  /** The next event, or undefined once the stream has ended. */
  async next(): Promise<SseEvent | undefined> {
    while (this.pending.length === 0) {
      if (this.ended) return undefined
      let result: ReadableStreamReadResult<Uint8Array>
      try {
        result = await this.reader.read()
      } catch {
        this.ended = true
        return undefined
      }
      if (result.done) {
        this.ended = true
        this.parser.feed(this.decoder.decode())
      } else {
        this.parser.feed(this.decoder.decode(result.value, { stream: true }))
      }
    }
    const event = this.pending.shift()!
    this.events.push(event)
    return event
  }

  /** Reads until `predicate` holds for an event (inclusive); returns that event. */
  async until(predicate: (e: SseEvent) => boolean): Promise<SseEvent> {
    for (;;) {
      const event = await this.next()
      if (event === undefined) throw new Error(`stream ended before the awaited event; got: ${this.types().join(", ")}`)
      if (predicate(event)) return event
    }
  }

  /** Reads until `n` more `assistant_message_chunk` events have arrived. */
  untilChunks(n: number): Promise<SseEvent> {
    let seen = 0
    return this.until((e) => e.event === "assistant_message_chunk" && ++seen === n)
  }

  /** Reads to the end of the stream; returns every event received. */
  async readAll(): Promise<Array<SseEvent>> {
    while ((await this.next()) !== undefined);
    return this.events
  }

  types(): Array<string> {
    return this.events.map((e) => e.event ?? "message")
  }

  /** Drops the connection, as a client that goes away would. */
  abort(): void {
    this.controller.abort()
  }
}

/** The contents of the `assistant_message_chunk` events, in order; only one message's when `messageId` is given. */
export const chunkContents = (events: ReadonlyArray<SseEvent>, messageId?: unknown): Array<string> =>
  events
    .filter((e) => e.event === "assistant_message_chunk" && (messageId === undefined || e.envelope.data["message_id"] === messageId))
    .map((e) => String(e.envelope.data["content"]))

export const openSse = async (url: string, init: RequestInit = {}): Promise<SseStream> => {
  const controller = new AbortController()
  const response = await fetch(url, { ...init, signal: controller.signal })
  if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    throw new Error(`expected an event stream, got ${response.status}: ${await response.text()}`)
  }
  return new SseStream(response, controller)
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) })

/** Starts a run and returns its stream. */
export const startRun = (baseUrl: string, body: Record<string, unknown>) =>
  openSse(`${baseUrl}/api/chat/agent`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body)
  })

export const userTurn = (sessionId: string, text: string, extra: Record<string, unknown> = {}) => ({
  session_id: sessionId,
  dialogue_history: [{ role: "user", content: text }],
  ...extra
})
