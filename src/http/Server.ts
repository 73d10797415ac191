/**
 * The HTTP application: every route on one router, served on whatever `HttpServer` is provided,
 * with the engine drained *before* the server stops taking requests — so that during the grace
 * period new runs get a clear 503 instead of a hung connection.
 */
import { HttpLayerRouter } from "@effect/platform"
import { Effect, Layer } from "effect"
import { SessionRegistry } from "../engine/SessionRegistry.js"
import { errorResponse } from "./ApiError.js"
import { AuthMiddleware } from "./Auth.js"
import { CorsMiddleware } from "./Cors.js"
import { MetricsRoute } from "./MetricsRoute.js"
import { requestLogger } from "./RequestLogger.js"
import { ChatRoutes } from "./ChatRoutes.js"
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

export const Routes = Layer.mergeAll(ChatRoutes, SessionRoutes, StatusRoutes, StaticRoutes, MetricsRoute, NotFoundRoute).pipe(
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

export const serve = (options: { readonly logRequests: boolean }) =>
  DrainOnShutdown.pipe(
    Layer.provide(
      HttpLayerRouter.serve(Routes, {
        disableLogger: true,
        disableListenLog: true,
        ...(options.logRequests ? { middleware: requestLogger } : {})
      })
    )
  )
