/**
 * One log line per HTTP request once its response is over (for a stream, when it closes):
 * method, path, status, duration. The query string is left out — it may carry a key.
 *
 * Below the info level (`--log-level warning` and up) there is no line to write, and the request
 * is not watched at all: the watch sits on the request's fiber for as long as its stream is open.
 */
import { HttpServerRequest, type HttpServerResponse } from "@effect/platform"
import { Clock, Effect, Exit, FiberRef, LogLevel } from "effect"

export const requestLogger = <E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
  // `app` in tail position when there is nothing to log: no frame of this middleware stays on a
  // stream's request fiber.
  Effect.flatMap(FiberRef.get(FiberRef.currentMinimumLogLevel), (minimum) => (LogLevel.greaterThan(minimum, LogLevel.Info) ? app : logged(app)))

const logged = <E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const started = yield* Clock.currentTimeMillis
    return yield* Effect.onExit(app, (exit) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.logInfo("http request").pipe(
          Effect.annotateLogs({
            method: request.method,
            path: new URL(request.url, "http://localhost").pathname,
            status: Exit.isSuccess(exit) ? exit.value.status : 500,
            duration_ms: now - started
          })
        )
      )
    )
  })
