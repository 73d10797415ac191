/**
 * A streaming response body driven by a pull of bytes: whenever the socket can take more, one pull
 * runs and what it gives is written — so a slow client holds the pull back (backpressure) and a
 * fast one gets each batch as soon as it exists.
 *
 * On Node's http server the body is a `Readable` piped into the response, and each read runs the
 * pull as a short fiber. Why not `HttpServerResponse.stream` there: running a `Stream` forks a
 * fiber of its own and keeps a chain of channel executors alive for as long as the connection is
 * open, and every chunk passes through the channel's read loop. With thousands of open streams
 * that is most of the memory a connection costs. The pull's scope is then the request's own, which
 * lasts until the response has ended or the connection has gone. Anywhere else (a web handler,
 * whose request scope ends when the `Response` object is handed over) the body is the same pull as
 * a `Stream`, opened in the stream's scope.
 */
import { HttpServerResponse, type HttpServerRequest } from "@effect/platform"
import { Cause, Chunk, Effect, Exit, type Fiber, FiberId, Option, Runtime, type Scope, Stream } from "effect"
import { Readable } from "node:stream"
import { nodeResponseOf } from "./NodeResponse.js"

/** The next bytes to send, or the end (None). */
export type BytesPull = Effect.Effect<Uint8Array, Option.Option<never>>

export interface PullBodyOptions {
  readonly contentType: string
  readonly headers: Readonly<Record<string, string>>
}

/** A `Readable` that runs `pull` once per read, with the fibers of `runtime`. */
const readableOf = (pull: BytesPull, runtime: Runtime.Runtime<never>): Readable => {
  const runFork = Runtime.runFork(runtime)
  let inFlight: Fiber.RuntimeFiber<Uint8Array, Option.Option<never>> | undefined
  return new Readable({
    // Nothing is read ahead: a batch is pulled only when the socket has taken the last one.
    highWaterMark: 0,
    read() {
      if (inFlight !== undefined) return
      const fiber = runFork(pull)
      inFlight = fiber
      fiber.addObserver((exit) => {
        inFlight = undefined
        if (this.destroyed) return
        if (Exit.isSuccess(exit)) {
          this.push(exit.value)
          return
        }
        const failure = Cause.failureOption(exit.cause)
        if (Option.isSome(failure)) this.push(null)
        else this.destroy(Cause.isInterruptedOnly(exit.cause) ? undefined : new Error(Cause.pretty(exit.cause)))
      })
    },
    destroy(error, callback) {
      inFlight?.unsafeInterruptAsFork(FiberId.none)
      inFlight = undefined
      callback(error)
    }
  })
}

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
    ? Effect.zipWith(open, Effect.runtime<never>(), (pull, runtime) =>
        HttpServerResponse.raw(readableOf(pull, runtime), { contentType: options.contentType, headers: options.headers })
      )
    : Effect.succeed(HttpServerResponse.stream(Stream.fromPull(Effect.map(open, Effect.map(Chunk.of))), options))
