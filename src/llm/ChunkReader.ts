/**
 * Reads the SSE body of a streaming `/chat/completions` response into batches of chunks: every
 * chunk that arrived since the last read comes out together.
 *
 * Why not the SDK's own stream iterator: it yields one chunk per `next()` (one promise, and in
 * the engine one Effect step, per token), and it splits its buffer by copying what is left after
 * each event — quadratic in the events of one read, so a fast model's large reads cost the relay
 * more than everything else it does per token. The SDK still sends the request (auth, errors,
 * status mapping); only the body is parsed here, with `eventsource-parser`, keeping the SDK's
 * rules: `[DONE]` ends the reply, a chunk carrying `error` is an API error, anything else that is
 * not JSON is a malformed chunk (a `SyntaxError`).
 *
 * The body is a Node stream in paused mode (`UndiciFetch` hands it over as such): it is read only
 * when `poll` is called, so a consumer that stops asking stops the reads, and the model's
 * connection fills up instead of this process's memory.
 */
import type { Readable } from "node:stream"
import { createParser, type EventSourceParser } from "eventsource-parser"
import OpenAI from "openai"
import type { ChatCompletionChunk } from "openai/resources/chat/completions"

/** What an error's retry delay and its report are read from. */
const ERROR_HEADERS = ["retry-after", "retry-after-ms", "x-request-id"]

export class ChunkReader {
  private readonly decoder = new TextDecoder()
  private readonly parser: EventSourceParser
  private batch: Array<ChatCompletionChunk> = []
  private failure: { readonly cause: unknown } | undefined
  private finished = false
  private bodyEnded = false
  private bodyError: { readonly cause: unknown } | undefined
  private wake: (() => void) | undefined
  private cancelled = false
  /** Set once the body has been read to its end. */
  ended = false

  /** The reply's headers an in-stream error needs (its retry hints): a reader lives as long as its reply, all of them took 1 KiB. */
  private readonly errorHeaders: Record<string, string> = {}

  constructor(
    private readonly body: Readable,
    headers: Headers
  ) {
    for (const name of ERROR_HEADERS) {
      const value = headers.get(name)
      if (value !== null) this.errorHeaders[name] = value
    }
    this.parser = createParser({ onEvent: (event) => this.onData(event.data) })
    body.on("readable", this.resume)
    body.on("end", () => {
      this.bodyEnded = true
      this.resume()
    })
    body.on("error", (cause: unknown) => {
      this.bodyError ??= { cause }
      this.resume()
    })
    body.on("close", () => {
      // Closed without an end or an error: cancelled here, or the connection went away mid-reply.
      if (this.cancelled) this.bodyEnded = true
      else if (!this.bodyEnded && this.bodyError === undefined) this.bodyError = { cause: new TypeError("terminated: the model's connection closed mid-reply") }
      this.resume()
    })
  }

  private readonly resume = () => {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  private onData(data: string) {
    if (this.failure !== undefined || this.finished) return
    // Like the SDK: `[DONE]` ends the reply; the rest of the body is read but ignored.
    if (data.startsWith("[DONE]")) {
      this.finished = true
      return
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(data)
    } catch (cause) {
      this.failure = { cause }
      return
    }
    const error = (parsed as { error?: unknown } | null)?.error
    if (error) {
      this.failure = { cause: new OpenAI.APIError(undefined, error as object, undefined, new Headers(this.errorHeaders)) }
      return
    }
    this.batch.push(parsed as ChatCompletionChunk)
  }

  /**
   * The chunks completed since the last poll, reading whatever the body has buffered: empty once
   * the body has ended (then `ended` is set), `undefined` when no whole chunk has arrived yet.
   * Throws what the network, the parser or the provider reported.
   */
  poll(): ReadonlyArray<ChatCompletionChunk> | undefined {
    for (;;) {
      // Everything buffered comes in one `read()`; the loop reads again only while no whole
      // event has arrived yet.
      const chunk = this.body.read() as Buffer | string | null
      if (chunk !== null) this.parser.feed(typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true }))
      if (this.bodyEnded && !this.ended) {
        this.parser.feed(this.decoder.decode())
        this.ended = true
      }
      if (this.failure !== undefined) throw this.failure.cause
      if (this.batch.length > 0 || this.ended) {
        const out = this.batch
        this.batch = []
        return out
      }
      if (chunk !== null) continue
      if (this.bodyError !== undefined) throw this.bodyError.cause
      return undefined
    }
  }

  /** Calls `wake` once, when there may be more to `poll` (data, the end, an error); `undefined` forgets a `wake` not yet called. */
  onMore(wake: (() => void) | undefined): void {
    this.wake = wake
  }

  /** Stops reading (after the request was aborted, or to give up on the rest). */
  cancel(): void {
    this.cancelled = true
    this.body.destroy()
  }
}
