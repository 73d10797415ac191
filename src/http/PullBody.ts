/**
 * A streaming response body driven by a pull of bytes: one fiber pulls and writes for as long as
 * the socket takes what it is given, and waits when it does not — so a slow client holds the pull
 * back (backpressure) and a fast one gets each batch as soon as it exists.
 *
 * On Node's http server the body is a `Readable` piped into the response, fed by that fiber. Why
 * not `HttpServerResponse.stream` there: running a `Stream` keeps a chain of channel executors
 * alive for as long as the connection is open, and every chunk passes through the channel's read
 * loop. With thousands of open streams that is most of the memory a connection costs. The pull's
 * scope is then the request's own, which lasts until the response has ended or the connection has
 * gone. Anywhere else (a web handler, whose request scope ends when the `Response` object is handed
 * over) the body is the same pull as a `Stream`, opened in the stream's scope.
 */
import { type HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Cause, Chunk, Effect, Exit, FiberId, Option, type Scope, Stream } from "effect"
import { Readable } from "node:stream"
import { nodeResponseOf } from "./NodeResponse.js"

/** The next bytes to send, or the end (None). */
export type BytesPull = Effect.Effect<Uint8Array, Option.Option<never>>

export interface PullBodyOptions {
  readonly contentType: string
  readonly headers: Readonly<Record<string, string>>
}

/**
 * A `Readable` fed by a fiber in the current scope that runs `pull` until the end: while the
 * readable takes more (its buffer below the high-water mark), the next pull follows at once;
 * otherwise the fiber waits until the readable is read from.
 */
const readableOf = (pull: BytesPull): Effect.Effect<Readable, never, Scope.Scope> =>
  Effect.gen(function* () {
    let wake: (() => void) | undefined
    const readable = new Readable({
      read() {
        wake?.()
      },
      destroy(error, callback) {
        fiber.unsafeInterruptAsFork(FiberId.none)
        callback(error)
      }
    })
    const readAgain = Effect.async<void>((resume) => {
      wake = () => {
        wake = undefined
        resume(Effect.void)
      }
      return Effect.sync(() => {
        wake = undefined
      })
    })
    const feed: Effect.Effect<void> = Effect.flatMap(Effect.exit(pull), (exit) => {
      if (Exit.isSuccess(exit)) return readable.push(exit.value) ? feed : Effect.zipRight(readAgain, feed)
      if (Option.isSome(Cause.failureOption(exit.cause))) return Effect.sync(() => readable.push(null))
      return Effect.sync(() => readable.destroy(Cause.isInterruptedOnly(exit.cause) ? undefined : new Error(Cause.pretty(exit.cause))))
    })
    const fiber = yield* Effect.forkScoped(feed)
    return readable
  })

/**
 * The response whose body `open` gives the pull of. `open` runs in the scope the pull lives in:
 * the request's on Node, the body stream's elsewhere.
 */
export const pullResponse = (
  request: HttpServerRequest.HttpServerRequest,
  open: Effect.Effect<BytesPull, never, Scope.Scope>,
  options: PullBodyOptions
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, Scope.Scope> =>
  nodeResponseOf(request) !== undefined
    ? Effect.map(Effect.flatMap(open, readableOf), (readable) =>
        HttpServerResponse.raw(readable, { contentType: options.contentType, headers: options.headers })
      )
    : Effect.succeed(HttpServerResponse.stream(Stream.fromPull(Effect.map(open, Effect.map(Chunk.of))), options))
