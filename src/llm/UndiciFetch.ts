/**
 * The `fetch` the `openai` client sends its requests with: undici's `request` API, which hands
 * back the reply body as a Node stream.
 *
 * Why not the global `fetch`: a model request made with it cost the server about 450 µs of CPU,
 * and the same request with `undici.request` about 110 µs (measured one after another in one
 * process against the scripted model). Most of the difference is the WHATWG `Response` and its
 * web `ReadableStream`, which every token then crosses again on its way in. The SDK still builds
 * the request (auth, headers, JSON body, timeout) and maps the status to its errors; only the
 * transport is ours.
 *
 * What a caller gets:
 * - a 2xx reply is a `StreamedResponse`: its `nodeBody` is read by `ChunkReader` directly, and its
 *   `body`, `text()` and `json()` still work for any other reader (the web stream is made only
 *   when asked for);
 * - any other reply is an ordinary `Response` with its body read in full, so the SDK can put the
 *   provider's error message into its `APIError`;
 * - a network failure rejects, and an abort rejects with an `AbortError`, as `fetch` does, so the
 *   SDK tells a timeout from a refused connection as before.
 *
 * Decisions: redirects are not followed (a provider's base URL that redirects is reported as a
 * 3xx `APIError` naming the status); the agent's own header and body timeouts are off, because
 * the first-token and idle timeouts of the model settings are the ones that apply; a body that is
 * neither text nor bytes (the SDK's uploads, which this server does not make) goes through the
 * global `fetch`.
 */
import { Readable } from "node:stream"
import type { ReadableStream as NodeWebStream } from "node:stream/web"
import { type Dispatcher, request } from "undici"

/**
 * How much of a reply may wait in this process while nobody reads it; beyond it, the model's
 * connection is paused and the rest waits in the network. What is buffered is read in one go at a
 * run's next pull, so the more there is, the more of its reply a held run has taken in when it
 * stops. With 50 held runs in the backpressure benchmark (one or two runs each): undici's default
 * of 64 KiB grew the server by 100–107 MiB, 16 KiB by 58–72 MiB, 4 KiB by 54 MiB, and nothing at
 * all (0) by 45–55 MiB — but 0 pauses the connection on every read, and the throughput load
 * then delivered 82 000 tokens/s against 104 000 with 4 KiB.
 */
const BODY_BUFFER = 4 * 1024

/**
 * A 2xx reply whose body is still a Node stream. It is not a WHATWG `Response`, though it answers
 * like one: building a `Response` cost about 85 µs of every run's CPU in the server (its init
 * converted and its headers copied again through WebIDL) for an object that the SDK asks only
 * `ok`, `status`, `url` and `headers` of before handing it back (openai 6.49, `makeRequest`).
 * `body`, `text()`, `json()` and `arrayBuffer()` still work for any other reader.
 */
export class StreamedResponse {
  readonly ok = true
  readonly redirected = false
  readonly statusText = ""
  readonly type = "basic"
  private web: ReadableStream<Uint8Array<ArrayBuffer>> | undefined
  constructor(
    readonly nodeBody: Readable,
    readonly status: number,
    readonly headers: Headers,
    readonly url: string
  ) {}
  get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    this.web ??= Readable.toWeb(this.nodeBody) as unknown as ReadableStream<Uint8Array<ArrayBuffer>>
    return this.web
  }
  get bodyUsed(): boolean {
    return this.nodeBody.readableDidRead
  }
  text(): Promise<string> {
    return new Response(this.body).text()
  }
  json(): Promise<unknown> {
    return this.text().then(JSON.parse)
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return new Response(this.body).arrayBuffer()
  }
  blob(): Promise<Blob> {
    return new Response(this.body).blob()
  }
  clone(): never {
    throw new TypeError("a streamed model reply is read once and cannot be cloned")
  }
}

/** The body of a reply as a Node stream, whichever `fetch` made it. */
export const nodeBodyOf = (response: Response | StreamedResponse): Readable | null =>
  response instanceof StreamedResponse
    ? response.nodeBody
    : response.body === null
      ? null
      : Readable.fromWeb(response.body as unknown as NodeWebStream<Uint8Array>)

const headersOf = (raw: Record<string, string | Array<string> | undefined>): Headers => {
  const headers = new Headers()
  for (const name in raw) {
    const value = raw[name]
    if (value === undefined) continue
    if (typeof value === "string") headers.append(name, value)
    else for (const v of value) headers.append(name, v)
  }
  return headers
}

/**
 * A request body that lets go of its chunk once undici has taken it. undici keeps the body it was
 * given until the reply has ended — for a streamed reply, the whole run — and a string body twice,
 * as the text and as a copy in bytes: for the planner's request (system prompt, history, tool
 * definitions) about 20 KiB held by every open stream for nothing. An iterable is only iterated,
 * and this one forgets its chunk when handing it over. A text chunk goes to the socket as it is,
 * encoded on the way out: no copy in bytes is made at all.
 */
class OneShotBody implements Iterable<string | Uint8Array>, Iterator<string | Uint8Array> {
  constructor(private chunk: string | Uint8Array | undefined) {}
  [Symbol.iterator](): Iterator<string | Uint8Array> {
    return this
  }
  next(): IteratorResult<string | Uint8Array> {
    const chunk = this.chunk
    this.chunk = undefined
    return chunk === undefined ? { done: true, value: undefined } : { done: false, value: chunk }
  }
}

const requestHeadersOf = (headers: HeadersInit | undefined): Record<string, string> => {
  const out: Record<string, string> = {}
  if (headers === undefined) return out
  for (const [name, value] of headers instanceof Headers ? headers : new Headers(headers)) out[name] = value
  return out
}

/** A `fetch` over `dispatcher` (an undici `Agent`), for the `openai` client's `fetch` option. */
export const undiciFetch =
  (dispatcher: Dispatcher) =>
  async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = init?.body
    if (input instanceof Request || (body != null && typeof body !== "string" && !(body instanceof Uint8Array))) {
      return fetch(input, init)
    }
    const headers = requestHeadersOf(init?.headers)
    let sent: OneShotBody | null = null
    if (body != null) {
      // An iterable's length is not known to undici: without this it would send the body chunked.
      headers["content-length"] ??= String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength)
      sent = new OneShotBody(body)
    }
    const reply = await request(input, {
      dispatcher,
      method: (init?.method ?? "GET") as Dispatcher.HttpMethod,
      headers,
      // Iterables are a documented body (docs/api/Dispatcher.md); the type declarations omit them.
      body: sent as unknown as Readable | null,
      signal: init?.signal ?? null,
      headersTimeout: 0,
      highWaterMark: BODY_BUFFER,
      bodyTimeout: 0
    })
    const replyHeaders = headersOf(reply.headers)
    if (reply.statusCode >= 200 && reply.statusCode < 300 && reply.statusCode !== 204 && reply.statusCode !== 205) {
      // Stands in for a `Response` (see `StreamedResponse`): the SDK's `fetch` option is typed to one.
      return new StreamedResponse(reply.body, reply.statusCode, replyHeaders, String(input)) as unknown as Response
    }
    const text = await reply.body.text()
    const empty = reply.statusCode === 204 || reply.statusCode === 205 || reply.statusCode === 304
    return new Response(empty ? null : text, { status: reply.statusCode, headers: replyHeaders })
  }
