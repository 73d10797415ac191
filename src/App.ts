/**
 * The application assembled from its settings: model → planner → session engine → HTTP.
 * `main.ts` launches it; tests and embedders build it with their own settings and tools.
 */
import type { HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Duration, Effect, Layer, Option } from "effect"
import { createServer } from "node:http"
import type { CatalogInvalid } from "./catalog/CatalogLoader.js"
import { AppConfig, type AppConfigShape } from "./config/AppConfig.js"
import * as RedisRunStore from "./engine/redis/RedisRunStore.js"
import type { RedisUnavailable } from "./engine/redis/RedisRunStore.js"
import { memoryStore, RunStore } from "./engine/RunStore.js"
import { type EngineSettings, SessionRegistry } from "./engine/SessionRegistry.js"
import { serve } from "./http/Server.js"
import type { LanguageModel } from "./llm/LanguageModel.js"
import { fromAppConfig } from "./llm/ModelFromConfig.js"
import { Metrics } from "./observability/Metrics.js"
import { Planner } from "./planner/Planner.js"
import { PlannerToolsLive } from "./planner/tools/PlannerTools.js"
import type { ToolRegistry } from "./planner/ToolRegistry.js"

export const engineSettings = (config: AppConfigShape): EngineSettings => ({
  queueCapacity: config.listenerQueue,
  sendTimeout: Duration.seconds(config.sendTimeoutS),
  retention: { maxEvents: config.retentionEvents, maxBytes: config.retentionBytes, ttl: Duration.seconds(config.retentionS) },
  maxConcurrentRuns: config.maxConcurrentRuns,
  shutdownGrace: Duration.seconds(config.shutdownGraceS),
  bufferWindow: Duration.millis(config.bufferWindowMs),
  defaultLanguage: config.defaultLanguage
})

/** Where runs are known beyond this process: in memory (default) or on Redis Streams. */
export const RunStoreLive: Layer.Layer<RunStore, RedisUnavailable, AppConfig> = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    Option.match(config.redis, {
      onNone: () => Layer.succeed(RunStore, memoryStore),
      onSome: (redis) =>
        RedisRunStore.layer({
          redis,
          retention: { maxEvents: config.retentionEvents, ttl: Duration.seconds(config.retentionS) },
          queueCapacity: config.listenerQueue
        })
    })
  )
)

/** The session registry over the planner, with the model and the tools provided from below. */
export const EngineCore: Layer.Layer<SessionRegistry | Planner, RedisUnavailable, AppConfig | ToolRegistry | LanguageModel> = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    SessionRegistry.layer(engineSettings(config)).pipe(
      Layer.provideMerge(Planner.layer({ maxToolRounds: config.maxToolRounds })),
      Layer.provide(RunStoreLive)
    )
  )
)

/** The model from the settings, its requests counted in the server's own metrics registry. */
export const ModelLive: Layer.Layer<LanguageModel | Metrics, never, AppConfig> = fromAppConfig.pipe(Layer.provideMerge(Metrics.layer))

/** The engine without HTTP: the session registry over the planner over the model. */
export const EngineLive: Layer.Layer<SessionRegistry | Planner | LanguageModel | Metrics, RedisUnavailable, AppConfig | ToolRegistry> = EngineCore.pipe(
  Layer.provideMerge(ModelLive)
)

/**
 * The tools offered when nothing else is registered: the four planning tools over the model,
 * the building-block catalog and (with a search key) the research provider. A bad catalog
 * entry fails this layer, and so the startup.
 */
export const DefaultTools: Layer.Layer<ToolRegistry, CatalogInvalid, LanguageModel | AppConfig> = PlannerToolsLive

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
    // A deep accept queue: a burst of clients (thousands of streams opening at once) waits to be
    // accepted instead of being refused while the server is busy (the kernel caps it at somaxconn).
    return closeLeftovers.pipe(Layer.provideMerge(NodeHttpServer.layer(() => server, { host: config.host, port: config.port, backlog: 4096 })))
  })
)

/** The whole server: HTTP routes over the engine, on a Node HTTP server. */
export const ServerLive = <E = never>(
  options: { readonly tools?: Layer.Layer<ToolRegistry, E, LanguageModel | AppConfig>; readonly logRequests?: boolean } = {}
) => {
  const tools: Layer.Layer<ToolRegistry, E | CatalogInvalid, LanguageModel | AppConfig> = options.tools ?? DefaultTools
  return serve({ logRequests: options.logRequests ?? true }).pipe(
    Layer.provideMerge(EngineCore),
    Layer.provide(tools),
    Layer.provideMerge(ModelLive),
    Layer.provideMerge(NodeServerLive)
  )
}

export type ServerServices = SessionRegistry | Planner | LanguageModel | HttpServer.HttpServer
