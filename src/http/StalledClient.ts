/**
 * Drops a connection whose client stopped taking data: when the socket has been unable to drain
 * for the send timeout (a reader that stopped reading, or a half-open connection on which even
 * heartbeats pile up), it is destroyed. The response fiber is then interrupted, the listener
 * released, and the run — which never waits for a dropped listener — goes on; the client may
 * resume. Runs on Node's own response object, so it guards every streaming dialect alike.
 */
import { HttpServerRequest } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Clock, Duration, Effect, Schedule, Stream } from "effect"

/**
 * How often the socket is looked at. Once a second is plenty against a timeout of many seconds,
 * and a server holding thousands of streams spends next to nothing on it.
 */
const CHECK_EVERY = Duration.seconds(1)

export const guardStalledClient = (request: HttpServerRequest.HttpServerRequest, sendTimeout: Duration.DurationInput) => {
  const limit = Duration.toMillis(Duration.decode(sendTimeout))
  return <A, E>(stream: Stream.Stream<A, E>): Stream.Stream<A, E> => {
    let response: ReturnType<typeof NodeHttpServerRequest.toServerResponse>
    try {
      response = NodeHttpServerRequest.toServerResponse(request)
    } catch {
      return stream // not served by Node's http module: nothing to watch
    }
    return Stream.unwrapScoped(
      Effect.gen(function* () {
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
        yield* Effect.forkScoped(Effect.repeat(check, Schedule.spaced(CHECK_EVERY)))
        return stream
      })
    )
  }
}
