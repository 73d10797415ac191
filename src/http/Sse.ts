/**
 * The SSE wire format (WHATWG): what goes on the socket for each event, and the response that
 * carries a stream of them. LF line endings only; `data:` is one line of JSON.
 */
import { type HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Chunk, type Effect, type Scope, Stream } from "effect"
import { type BodySource, pullResponse } from "./PullBody.js"

/** Sent first: the reconnection delay, and a comment so headers leave at once. */
export const PREAMBLE = "retry: 3000\n: gtplanner stream open\n\n"

/** Opens the stream of a dialect whose client reads `data:` lines only: a comment, so headers leave at once. */
export const DIALECT_PREAMBLE = ": gtplanner stream open\n\n"

/** A keep-alive every SSE client skips, whatever it makes of `data:` lines. */
export const HEARTBEAT_COMMENT = ": ping\n\n"

/** A frame of `data:` alone (no `id:`, no `event:`): how AG-UI and the AI SDK frame their events. */
export const dataFrame = (json: string): string => `data: ${json}\n\n`

/** One event frame. `id` is omitted for events outside the run's log. */
export const frame = (item: { readonly id: number | null; readonly event: string; readonly json: string }): string =>
  item.id === null ? `event: ${item.event}\ndata: ${item.json}\n\n` : `id: ${item.id}\nevent: ${item.event}\ndata: ${item.json}\n\n`

export const SSE_HEADERS = {
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
  // The socket closes with the stream: an idle keep-alive socket would hold up graceful shutdown.
  connection: "close"
} as const

export const encoder = new TextEncoder()

const SSE_CONTENT_TYPE = "text/event-stream; charset=utf-8"

/** A `text/event-stream` response (never compressed) whose body is already encoded, preamble included. */
export const sseBytesResponse = (body: Stream.Stream<Uint8Array>, headers: Readonly<Record<string, string>> = {}) =>
  HttpServerResponse.stream(body, {
    contentType: SSE_CONTENT_TYPE,
    headers: { ...SSE_HEADERS, ...headers }
  })

/** A `text/event-stream` response whose body is pulled as the socket takes it (see `PullBody`). */
export const ssePullResponse = (
  request: HttpServerRequest.HttpServerRequest,
  open: Effect.Effect<BodySource, never, Scope.Scope>,
  headers: Readonly<Record<string, string>> = {}
) => pullResponse(request, open, { contentType: SSE_CONTENT_TYPE, headers: { ...SSE_HEADERS, ...headers } })

/**
 * A `text/event-stream` response from frames, opened by `preamble`. The frames a stream chunk
 * holds (those that piled up while the socket was busy) leave in one write.
 */
export const sseResponse = (frames: Stream.Stream<string>, headers: Readonly<Record<string, string>> = {}, preamble: string = PREAMBLE) =>
  sseBytesResponse(
    Stream.concat(Stream.succeed(preamble), frames).pipe(Stream.mapChunks((chunk) => Chunk.of(encoder.encode(Chunk.join(chunk, ""))))),
    headers
  )
