/**
 * A streaming response body driven by its source: whenever the socket takes more, what the source
 * has is written, and when the socket does not, the source is left alone — so a slow client holds
 * the source back (backpressure) and a fast one gets each batch as soon as it exists.
 *
 * A source is a pull (an Effect per batch) and, where it can, a feed: the same bytes polled
 * synchronously, with a call back when there are more. On Node's http server the body is a
 * `Readable` piped into the response: fed straight from the feed when there is one — no fiber and
 * no Effect step per batch, the path of every token of a local run — or else by one fiber per
 * connection that runs the pull while the readable takes more and waits for the next read when it
 * does not. Why not `HttpServerResponse.stream` there: running a `Stream` keeps a chain of channel
 * executors alive for as long as the connection is open, and every chunk passes through the
 * channel's read loop. With thousands of open streams that is most of the memory a connection
 * costs. The source's scope is then the request's own, which lasts until the response has ended or
 * the connection has gone. Anywhere else (a web handler, whose request scope ends when the
 * `Response` object is handed over) the body is the pull as a `Stream`, opened in the stream's scope.
 */
import { type HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Cause, Chunk, Effect, Exit, FiberId, Option, type Scope, Stream } from "effect"
import { Readable } from "node:stream"
import { nodeResponseOf } from "./NodeResponse.js"

/** The next bytes to send, or the end (None). */
export type BytesPull = Effect.Effect<Uint8Array, Option.Option<never>>

/** The same bytes without Effect: `poll` gives them (undefined: none for now; null: the end), `wait` calls back once there are more. */
export interface BytesFeed {
  readonly poll: () => Uint8Array | null | undefined
  readonly wait: (wake: () => void) => void
}

export interface BodySource {
  readonly pull: BytesPull
  /** Used instead of `pull` on Node when present. */
  readonly feed: BytesFeed | undefined
}

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

/** A `Readable` fed from `feed` whenever it is read from, or when the feed has more while it waits. */
const readableOfFeed = (feed: BytesFeed): Readable => {
  let done = false
  let waiting = false
  const readable = new Readable({
    read() {
      step()
    },
    destroy(error, callback) {
      done = true
      callback(error)
    }
  })
  const wake = () => {
    waiting = false
    step()
  }
  // Runs in whatever fiber made the bytes (the run appending an event, a heartbeat): it must not throw.
  function step() {
    if (done) return
    try {
      for (;;) {
        const bytes = feed.poll()
        if (bytes === null) {
          done = true
          readable.push(null)
          return
        }
        if (bytes === undefined) {
          if (!waiting) {
            waiting = true
            feed.wait(wake)
          }
          return
        }
        if (!readable.push(bytes)) return
      }
    } catch (error) {
      done = true
      readable.destroy(error instanceof Error ? error : new Error(String(error)))
    }
  }
  return readable
}

/**
 * The response whose body `open` gives the source of. `open` runs in the scope the pull lives in:
 * the request's on Node, the body stream's elsewhere.
 */
export const pullResponse = (
  request: HttpServerRequest.HttpServerRequest,
  open: Effect.Effect<BodySource, never, Scope.Scope>,
  options: PullBodyOptions
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, Scope.Scope> =>
  nodeResponseOf(request) !== undefined
    ? Effect.map(
        Effect.flatMap(open, (source) => (source.feed === undefined ? readableOf(source.pull) : Effect.succeed(readableOfFeed(source.feed)))),
        (readable) => HttpServerResponse.raw(readable, { contentType: options.contentType, headers: options.headers })
      )
    : Effect.succeed(HttpServerResponse.stream(Stream.fromPull(Effect.map(open, (source) => Effect.map(source.pull, Chunk.of))), options))
