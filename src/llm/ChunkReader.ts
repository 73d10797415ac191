/**
 * Reads the SSE body of a streaming `/chat/completions` response into batches of chunks: every
 * chunk that arrived in one network read comes out together.
 *
 * Why not the SDK's own stream iterator: it yields one chunk per `next()` (one promise, and in
 * the engine one Effect step, per token), and it splits its buffer by copying what is left after
 * each event — quadratic in the events of one read, so a fast model's large reads cost the relay
 * more than everything else it does per token. The SDK still sends the request (auth, errors,
 * status mapping); only the body is parsed here, with `eventsource-parser`, keeping the SDK's
 * rules: `[DONE]` ends the reply, a chunk carrying `error` is an API error, anything else that is
 * not JSON is a malformed chunk (a `SyntaxError`).
 */
import { createParser, type EventSourceParser } from "eventsource-parser"
import OpenAI from "openai"
import type { ChatCompletionChunk } from "openai/resources/chat/completions"

export class ChunkReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>
  private readonly decoder = new TextDecoder()
  private readonly parser: EventSourceParser
  private batch: Array<ChatCompletionChunk> = []
  private failure: { readonly cause: unknown } | undefined
  private finished = false
  /** Set once the body has been read to its end. */
  ended = false

  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly headers: Headers
  ) {
    this.reader = body.getReader()
    this.parser = createParser({ onEvent: (event) => this.onData(event.data) })
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
      this.failure = { cause: new OpenAI.APIError(undefined, error as object, undefined, this.headers) }
      return
    }
    this.batch.push(parsed as ChatCompletionChunk)
  }

  /**
   * The chunks of the next read that completed at least one; empty once the body has ended.
   * Rejects with what the network, the parser or the provider reported.
   */
  async next(): Promise<ReadonlyArray<ChatCompletionChunk>> {
    for (;;) {
      const { done, value } = await this.reader.read()
      if (done) {
        this.parser.feed(this.decoder.decode())
        this.ended = true
      } else {
        this.parser.feed(this.decoder.decode(value, { stream: true }))
      }
      if (this.failure !== undefined) throw this.failure.cause
      if (this.batch.length > 0 || this.ended) {
        const out = this.batch
        this.batch = []
        return out
      }
    }
  }

  /** Stops reading (after the request was aborted, or to give up on the rest). */
  cancel(): void {
    void this.reader.cancel().catch(() => undefined)
  }
}
