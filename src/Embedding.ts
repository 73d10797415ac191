/**
 * The engine assembled for a program that embeds it: one `layer(settings)` from explicit settings
 * or from the environment, the API routes to mount into the host's own `HttpLayerRouter`, and the
 * whole server for those who just want to run it in-process.
 */
import type { HttpLayerRouter } from "@effect/platform"
import { type ConfigError, Effect, Layer, Option, Redacted } from "effect"
import { DefaultTools, EngineCore, ModelLive, ServerLive } from "./App.js"
import type { CatalogInvalid } from "./catalog/CatalogLoader.js"
import type { RedisUnavailable } from "./engine/redis/RedisRunStore.js"
import { AppConfig, type AppConfigShape, defaults, fromConfig, type LlmSettings } from "./config/AppConfig.js"
import type { SessionRegistry } from "./engine/SessionRegistry.js"
import { ApiRoutes, drainBeforeStop } from "./http/Server.js"
import type { LanguageModel } from "./llm/LanguageModel.js"
import type { Metrics } from "./observability/Metrics.js"
import type { Planner } from "./planner/Planner.js"
import type { Tool } from "./planner/Tool.js"
import { ToolRegistry } from "./planner/ToolRegistry.js"

/** The model to talk to. With neither `baseUrl` nor `apiKey`, the built-in demo model answers. */
export interface LlmOptions {
  /** An OpenAI-compatible endpoint, e.g. `https://api.openai.com/v1`. */
  readonly baseUrl?: string
  readonly apiKey?: string | Redacted.Redacted<string>
  readonly model?: string
  readonly firstTokenTimeoutS?: number
  readonly idleTimeoutS?: number
  readonly maxRetries?: number
  readonly retryBaseDelayMs?: number
}

/**
 * Settings for `layer`: every key of `AppConfigShape` (see the README's configuration table), the
 * model, and extra tools. Keys left out take their defaults — or, with `fromEnv: true`, the values
 * of the environment (`LLM_BASE_URL`, `GTPLANNER_*`, …), which explicit keys then override.
 */
export interface Settings extends Partial<Omit<AppConfigShape, "llm">> {
  readonly fromEnv?: boolean
  readonly llm?: LlmOptions
  /** Tools offered to the model besides the built-in ones, streamed like them. */
  readonly tools?: ReadonlyArray<Tool>
}

/** What `layer` provides. */
export type Services = AppConfig | ToolRegistry | LanguageModel | Metrics | Planner | SessionRegistry

const withSettings = (base: AppConfigShape, settings: Settings): AppConfigShape => {
  const { fromEnv: _fromEnv, tools: _tools, llm = {}, ...rest } = settings
  const { baseUrl, apiKey, ...llmRest } = llm
  const merged: LlmSettings = {
    ...base.llm,
    ...llmRest,
    ...(baseUrl === undefined ? {} : { baseUrl: Option.some(baseUrl) }),
    ...(apiKey === undefined ? {} : { apiKey: Option.some(typeof apiKey === "string" ? Redacted.make(apiKey) : apiKey) })
  }
  return { ...base, ...rest, llm: merged }
}

const configLayer = (settings: Settings): Layer.Layer<AppConfig, ConfigError.ConfigError> =>
  settings.fromEnv === true
    ? Layer.effect(AppConfig, Effect.map(fromConfig, (env) => withSettings(env, settings)))
    : Layer.succeed(AppConfig, withSettings(defaults, settings))

/** The built-in tools (over the model, the catalog and, with a key, research) plus the settings' own. */
const toolsLayer = (settings: Settings): Layer.Layer<ToolRegistry, CatalogInvalid, LanguageModel | AppConfig> =>
  settings.tools === undefined || settings.tools.length === 0 ? DefaultTools : ToolRegistry.extend(settings.tools).pipe(Layer.provide(DefaultTools))

/**
 * Everything but HTTP: settings, tools, the model, the planner and the session engine. With no
 * argument, every setting comes from the environment.
 */
export function layer(settings: Settings & { readonly fromEnv?: false }): Layer.Layer<Services, CatalogInvalid | RedisUnavailable>
export function layer(settings?: Settings): Layer.Layer<Services, ConfigError.ConfigError | CatalogInvalid | RedisUnavailable>
export function layer(settings: Settings = { fromEnv: true }): Layer.Layer<Services, ConfigError.ConfigError | CatalogInvalid | RedisUnavailable> {
  return EngineCore.pipe(
    Layer.provideMerge(toolsLayer(settings)),
    Layer.provideMerge(ModelLive),
    Layer.provideMerge(configLayer(settings))
  )
}

/**
 * The HTTP API (the streaming endpoints, snapshots and documents, health and status, `/openapi.json`,
 * `/docs`, `/api/schema/events.json`) as routes of the host's `HttpLayerRouter`, at the paths of
 * spec 01. Provide `layer(...)` to it. Not included: the test page and the catch-all 404, which
 * are the host's to decide. Middleware the host provides to these routes (auth, logging, rate
 * limits) applies to them like to its own.
 */
export const HttpRoutes: Layer.Layer<never, never, HttpLayerRouter.HttpRouter | Services> = ApiRoutes

/**
 * Wraps the host's serving layer (`HttpLayerRouter.serve(...)`) so that on shutdown the engine
 * drains first — active runs get the grace period and every open stream its closing events —
 * while the server still answers (new runs get 503 `shutting_down`). Without it the engine still
 * drains when its layer is released, but after the server stopped routing requests.
 */
export const drainOnShutdown: <A, E, R>(serving: Layer.Layer<A, E, R>) => Layer.Layer<A, E, R | SessionRegistry> = drainBeforeStop

/**
 * The whole application — API, test page, 404s — on a Node HTTP server at `settings.host` and
 * `settings.port`, as `npm start` runs it.
 */
export const server = (settings: Settings = { fromEnv: true }) => {
  const config = configLayer(settings)
  return ServerLive({ tools: toolsLayer(settings) }).pipe(Layer.provideMerge(config))
}
