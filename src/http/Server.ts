/**
 * The HTTP application: every route on one router, served on whatever `HttpServer` is provided,
 * with the engine drained *before* the server stops taking requests — so that during the grace
 * period new runs get a clear 503 instead of a hung connection.
 */
import { HttpLayerRouter, HttpMiddleware } from "@effect/platform"
import { Effect, Layer } from "effect"
import { SessionRegistry } from "../engine/SessionRegistry.js"
import { errorResponse } from "./ApiError.js"
import { AuthMiddleware } from "./Auth.js"
import { CorsMiddleware } from "./Cors.js"
import { MetricsRoute } from "./MetricsRoute.js"
import { requestLogger } from "./RequestLogger.js"
import { AgUiRoutes } from "./agui/AgUiRoutes.js"
import { AiSdkRoutes } from "./aisdk/AiSdkRoutes.js"
import { ChatRoutes } from "./ChatRoutes.js"
import { ContractRoutes } from "./ContractRoutes.js"
import { SessionRoutes } from "./SessionRoutes.js"
import { StaticRoutes } from "./StaticRoutes.js"
import { StatusRoutes } from "./StatusRoutes.js"

/** Anything no route matched: a JSON 404 naming the method and path. */
const NotFoundRoute = HttpLayerRouter.add("*", "/*", (request) =>
  Effect.succeed(
    errorResponse({
      status: 404,
      code: "not_found",
      message: `No route for ${request.method} ${new URL(request.url, "http://localhost").pathname}.`
    })
  )
)

/** The API alone — what an embedder mounts into its own router, next to its own routes. */
export const ApiRoutes = Layer.mergeAll(ChatRoutes, AgUiRoutes, AiSdkRoutes, SessionRoutes, StatusRoutes, ContractRoutes, MetricsRoute)

/** The whole server's routes: the API, the page, a JSON 404; behind the API key and CORS. */
export const Routes = Layer.mergeAll(ApiRoutes, StaticRoutes, NotFoundRoute).pipe(
  Layer.provide(AuthMiddleware),
  Layer.provide(CorsMiddleware)
)

/**
 * Layers release in reverse order of acquisition: built after `serve`, this drain runs while
 * the request handler is still installed.
 */
const DrainOnShutdown = Layer.scopedDiscard(
  Effect.flatMap(SessionRegistry, (registry) => Effect.addFinalizer(() => registry.drain))
)

/** Wraps a serving layer so that on shutdown the engine drains while requests are still answered. */
export const drainBeforeStop = <A, E, R>(serving: Layer.Layer<A, E, R>): Layer.Layer<A, E, R | SessionRegistry> =>
  DrainOnShutdown.pipe(Layer.provideMerge(serving))

/** Effect's own tracer, the one in use when the host provided none: it records spans nowhere. */
const BUILT_IN_TRACER = Effect.runSync(Effect.tracer)

/**
 * A span per request only where a tracer records it. `@effect/platform` opens one around every
 * request (with its URL, headers and status as attributes); with no tracer provided nothing ever
 * reads it, and for a stream it stays open — on the request's fiber — as long as the stream does.
 * A host that provides a tracer (`Layer.setTracer`, OpenTelemetry) gets them all.
 */
const spansWhereRecorded = <A, E, R>(serving: Layer.Layer<A, E, R>): Layer.Layer<A, E, R> =>
  Layer.unwrapEffect(
    Effect.map(Effect.tracer, (tracer) => (tracer === BUILT_IN_TRACER ? HttpMiddleware.withTracerDisabledWhen(serving, () => true) : serving))
  )

export const serve = (options: { readonly logRequests: boolean }) =>
  drainBeforeStop(
    spansWhereRecorded(
      HttpLayerRouter.serve(Routes, {
        disableLogger: true,
        disableListenLog: true,
        ...(options.logRequests ? { middleware: requestLogger } : {})
      })
    )
  )
