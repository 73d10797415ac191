/**
 * Drops a connection whose client stopped taking data: when the socket has been unable to drain
 * for the send timeout (a reader that stopped reading, or a half-open connection on which even
 * heartbeats pile up), it is destroyed. The response fiber is then interrupted, the listener
 * released, and the run — which never waits for a dropped listener — goes on; the client may
 * resume. Runs on Node's own response object, so it guards every streaming dialect alike.
 */
import { HttpServerRequest } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Clock, Duration, Effect, Schedule, type Scope, Stream } from "effect"

/**
 * How often the socket is looked at. Once a second is plenty against a timeout of many seconds,
 * and a server holding thousands of streams spends next to nothing on it.
 */
const CHECK_EVERY = Duration.seconds(1)

/**
 * Watches the connection of `request` for the life of the current scope. Not served by Node's
 * http module: nothing to watch.
 */
export const watchStalledClient = (request: HttpServerRequest.HttpServerRequest, sendTimeout: Duration.DurationInput): Effect.Effect<void, never, Scope.Scope> =>
  Effect.suspend(() => {
    let response: ReturnType<typeof NodeHttpServerRequest.toServerResponse>
    try {
      response = NodeHttpServerRequest.toServerResponse(request)
    } catch {
      return Effect.void
    }
    const limit = Duration.toMillis(Duration.decode(sendTimeout))
    let stalledSince: number | null = null
    const check = Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.suspend(() => {
        if (!response.writableNeedDrain) {
          stalledSince = null
          return Effect.void
        }
        stalledSince ??= now
        if (now - stalledSince < limit) return Effect.void
        return Effect.logWarning(`dropping a client that has not drained for ${Duration.format(Duration.millis(limit))}`).pipe(
          Effect.zipRight(Effect.sync(() => response.destroy()))
        )
      })
    )
    return Effect.asVoid(Effect.forkScoped(Effect.repeat(check, Schedule.spaced(CHECK_EVERY))))
  })

/** The same watch around a stream: for as long as the stream runs. */
export const guardStalledClient =
  (request: HttpServerRequest.HttpServerRequest, sendTimeout: Duration.DurationInput) =>
  <A, E>(stream: Stream.Stream<A, E>): Stream.Stream<A, E> =>
    Stream.unwrapScoped(Effect.as(watchStalledClient(request, sendTimeout), stream))
