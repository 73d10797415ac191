/**
 * The application assembled from its settings: model → planner → session engine → HTTP.
 * `main.ts` launches it; tests and embedders build it with their own settings and tools.
 */
import type { HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Duration, Effect, Layer } from "effect"
import { createServer } from "node:http"
import { AppConfig, type AppConfigShape } from "./config/AppConfig.js"
import { type EngineSettings, SessionRegistry } from "./engine/SessionRegistry.js"
import { serve } from "./http/Server.js"
import type { LanguageModel } from "./llm/LanguageModel.js"
import { fromAppConfig } from "./llm/ModelFromConfig.js"
import { Metrics } from "./observability/Metrics.js"
import { Planner } from "./planner/Planner.js"
import { ToolRegistry } from "./planner/ToolRegistry.js"

export const engineSettings = (config: AppConfigShape): EngineSettings => ({
  queueCapacity: config.listenerQueue,
  sendTimeout: Duration.seconds(config.sendTimeoutS),
  retention: { maxEvents: config.retentionEvents, maxBytes: config.retentionBytes, ttl: Duration.seconds(config.retentionS) },
  maxConcurrentRuns: config.maxConcurrentRuns,
  shutdownGrace: Duration.seconds(config.shutdownGraceS),
  bufferWindow: Duration.millis(config.bufferWindowMs),
  defaultLanguage: config.defaultLanguage
})

/** The engine without HTTP: the session registry over the planner over the model. */
export const EngineLive: Layer.Layer<SessionRegistry | Planner | LanguageModel | Metrics, never, AppConfig | ToolRegistry> = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    SessionRegistry.layer(engineSettings(config)).pipe(
      Layer.provideMerge(Planner.layer({ maxToolRounds: config.maxToolRounds })),
      Layer.provideMerge(fromAppConfig),
      Layer.provideMerge(Metrics.layer)
    )
  )
)

/** The tools offered when nothing else is registered. */
export const DefaultTools: Layer.Layer<ToolRegistry> = ToolRegistry.layer([])

/**
 * A Node HTTP server at the configured host and port. Closing it waits for open connections,
 * so once the engine has drained, whatever is still connected — idle keep-alive sockets, a
 * client that stopped reading — is closed: an open stream never keeps the process alive.
 */
const NodeServerLive = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) => {
    // TCP keepalive lets the kernel notice peers that vanished without a FIN (half-open sockets).
    const server = createServer({ keepAlive: true, keepAliveInitialDelay: 30_000 })
    const closeLeftovers = Layer.scopedDiscard(Effect.addFinalizer(() => Effect.sync(() => server.closeAllConnections())))
    return closeLeftovers.pipe(Layer.provideMerge(NodeHttpServer.layer(() => server, { host: config.host, port: config.port })))
  })
)

/** The whole server: HTTP routes over the engine, on a Node HTTP server. */
export const ServerLive = (options: { readonly tools?: Layer.Layer<ToolRegistry>; readonly logRequests?: boolean } = {}) =>
  serve({ logRequests: options.logRequests ?? true }).pipe(
    Layer.provideMerge(EngineLive),
    Layer.provide(options.tools ?? DefaultTools),
    Layer.provideMerge(NodeServerLive)
  )

export type ServerServices = SessionRegistry | Planner | LanguageModel | HttpServer.HttpServer
