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
export const EngineLive: Layer.Layer<SessionRegistry | Planner | LanguageModel, never, AppConfig | ToolRegistry> = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    SessionRegistry.layer(engineSettings(config)).pipe(
      Layer.provideMerge(Planner.layer({ maxToolRounds: config.maxToolRounds })),
      Layer.provideMerge(fromAppConfig)
    )
  )
)

/** The tools offered when nothing else is registered. */
export const DefaultTools: Layer.Layer<ToolRegistry> = ToolRegistry.layer([])

/** The whole server on a Node HTTP server at the configured host and port. */
export const ServerLive = (options: { readonly tools?: Layer.Layer<ToolRegistry>; readonly logRequests?: boolean } = {}) =>
  Layer.unwrapEffect(
    Effect.map(AppConfig, (config) =>
      serve({ logRequests: options.logRequests ?? true }).pipe(
        Layer.provideMerge(EngineLive),
        Layer.provide(options.tools ?? DefaultTools),
        Layer.provideMerge(NodeHttpServer.layer(createServer, { host: config.host, port: config.port }))
      )
    )
  )

export type ServerServices = SessionRegistry | Planner | LanguageModel | HttpServer.HttpServer
