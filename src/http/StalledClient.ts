/**
 * Drops a connection whose client stopped taking data: when the socket has been unable to drain
 * for the send timeout (a reader that stopped reading, or a half-open connection on which even
 * heartbeats pile up), it is destroyed. The response fiber is then interrupted, the listener
 * released, and the run — which never waits for a dropped listener — goes on; the client may
 * resume. Runs on Node's own response object, so it guards every streaming dialect alike.
 *
 * Why one shared timer and not a fiber per connection: a server holding thousands of streams
 * would otherwise keep thousands of fibers and schedules alive only to look at a flag once a
 * second. The timer runs only while some connection is watched, and stops with the last one.
 */
import { HttpServerRequest } from "@effect/platform"
import { Duration, Effect, Runtime, type Scope, Stream } from "effect"
import type { ServerResponse } from "node:http"
import { nodeResponseOf } from "./NodeResponse.js"
import { acquireReleasePlain } from "../resource/PlainFinalizer.js"

/** How often the sockets are looked at: plenty against a timeout of many seconds. */
const CHECK_EVERY_MS = 1000

interface Watched {
  readonly response: ServerResponse
  readonly limitMs: number
  stalledSince: number | null
  /** Logs the drop in the context (annotations, logger) of the connection's own fiber. */
  readonly warn: (message: string) => void
}

const watched = new Set<Watched>()
let timer: ReturnType<typeof setInterval> | undefined

const sweep = () => {
  const now = Date.now()
  for (const w of watched) {
    if (!w.response.writableNeedDrain) {
      w.stalledSince = null
      continue
    }
    w.stalledSince ??= now
    if (now - w.stalledSince < w.limitMs) continue
    watched.delete(w)
    w.warn(`dropping a client that has not drained for ${Duration.format(Duration.millis(w.limitMs))}`)
    w.response.destroy()
  }
  if (watched.size === 0) stop()
}

const stop = () => {
  if (timer === undefined) return
  clearInterval(timer)
  timer = undefined
}

/** Watches the connection of `request` for the life of the current scope. */
export const watchStalledClient = (request: HttpServerRequest.HttpServerRequest, sendTimeout: Duration.DurationInput): Effect.Effect<void, never, Scope.Scope> =>
  Effect.suspend(() => {
    const response = nodeResponseOf(request)
    if (response === undefined) return Effect.void // not served by Node's http server: nothing to watch
    const limitMs = Duration.toMillis(Duration.decode(sendTimeout))
    return acquireReleasePlain(
      Effect.map(Effect.runtime<never>(), (runtime) => {
        const runFork = Runtime.runFork(runtime)
        const entry: Watched = { response, limitMs, stalledSince: null, warn: (message) => void runFork(Effect.logWarning(message)) }
        watched.add(entry)
        timer ??= setInterval(sweep, CHECK_EVERY_MS)
        return entry
      }),
      (entry) =>
        Effect.sync(() => {
          watched.delete(entry)
          if (watched.size === 0) stop()
        })
    )
  })

/** The same watch around a stream: for as long as the stream runs. */
export const guardStalledClient =
  (request: HttpServerRequest.HttpServerRequest, sendTimeout: Duration.DurationInput) =>
  <A, E>(stream: Stream.Stream<A, E>): Stream.Stream<A, E> =>
    Stream.unwrapScoped(Effect.as(watchStalledClient(request, sendTimeout), stream))
