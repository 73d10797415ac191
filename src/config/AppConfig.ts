/**
 * Every setting of the server, read once through `Config` (environment, or a provider built from
 * `.env` and command-line options) into one value. Secrets stay `Redacted`.
 */
import { Config, type ConfigError, Context, Effect, Layer, Option, Redacted } from "effect"
import { type Language, languages } from "../domain/Language.js"

export interface LlmSettings {
  /** Absent with no key either: the built-in demo model answers. */
  readonly baseUrl: Option.Option<string>
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly model: string
  readonly firstTokenTimeoutS: number
  readonly idleTimeoutS: number
  readonly maxRetries: number
  /** First retry delay; later ones double. */
  readonly retryBaseDelayMs: number
}

/**
 * The planner's own settings: the research provider (Jina-compatible search and reader), the
 * building-block catalog folder users add, and the limits of the research and design tools.
 */
export interface PlannerSettings {
  /** With no key, `research` is not offered to the model. */
  readonly jinaApiKey: Option.Option<Redacted.Redacted<string>>
  /** Search endpoint, called as `GET {searchBaseUrl}/?q=…`. */
  readonly searchBaseUrl: string
  /** Reader endpoint, called as `GET {readerBaseUrl}/{page url}`. */
  readonly readerBaseUrl: string
  /** Keywords researched at the same time. */
  readonly researchConcurrency: number
  /** Pages read per keyword (the top search hits). */
  readonly researchPages: number
  /** Longest wait for one search or one page. */
  readonly researchTimeoutS: number
  /** Characters of each page handed to the model. */
  readonly researchPageChars: number
  /** An extra catalog folder merged over the shipped entries. */
  readonly catalogDir: Option.Option<string>
  /** Component designs of a deep design written at the same time. */
  readonly designConcurrency: number
}

export interface AppConfigShape {
  readonly host: string
  readonly port: number
  readonly llm: LlmSettings
  readonly defaultLanguage: Language
  readonly maxBodyBytes: number
  readonly maxHistory: number
  readonly maxMessageChars: number
  readonly maxConcurrentRuns: number
  readonly maxToolRounds: number
  readonly listenerQueue: number
  readonly sendTimeoutS: number
  readonly retentionS: number
  readonly retentionEvents: number
  readonly retentionBytes: number
  readonly shutdownGraceS: number
  readonly bufferWindowMs: number
  readonly staticDir: string
  /** When set, every `/api/*` route (and `/metrics`) needs `Authorization: Bearer <key>`. */
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  /** Origins allowed cross-origin; empty = same-origin only; `*` = any (never with credentials). */
  readonly corsOrigins: ReadonlyArray<string>
  readonly planner: PlannerSettings
  /** Runs shared through Redis Streams across instances; absent: in memory, this process only. */
  readonly redis: Option.Option<RedisSettings>
}

export interface RedisSettings {
  /** e.g. `redis://127.0.0.1:6379/0`; may hold a password, so kept redacted. */
  readonly url: Redacted.Redacted<string>
  /** Prefix of every key, so several deployments can share one Redis. */
  readonly prefix: string
  /** How long a run's claim on its session lasts without renewal (an instance that died loses it after this). */
  readonly leaseS: number
}

const isOrigin = (value: string): boolean => {
  try {
    const url = new URL(value)
    return ["http:", "https:"].includes(url.protocol) && url.origin === value
  } catch {
    return false
  }
}

/** True when no provider is configured and the demo model must answer. */
export const isDemo = (llm: LlmSettings): boolean => Option.isNone(llm.baseUrl) && Option.isNone(llm.apiKey)

export const defaults: AppConfigShape = {
  host: "127.0.0.1",
  port: 11211,
  llm: {
    baseUrl: Option.none(),
    apiKey: Option.none(),
    model: "gpt-4o-mini",
    firstTokenTimeoutS: 120,
    idleTimeoutS: 60,
    maxRetries: 2,
    retryBaseDelayMs: 500
  },
  defaultLanguage: "en",
  maxBodyBytes: 1024 * 1024,
  maxHistory: 500,
  maxMessageChars: 100_000,
  maxConcurrentRuns: 200,
  maxToolRounds: 5,
  listenerQueue: 256,
  sendTimeoutS: 30,
  retentionS: 600,
  retentionEvents: 20_000,
  retentionBytes: 16 * 1024 * 1024,
  shutdownGraceS: 10,
  bufferWindowMs: 50,
  staticDir: "static",
  apiKey: Option.none(),
  corsOrigins: [],
  planner: {
    jinaApiKey: Option.none(),
    searchBaseUrl: "https://s.jina.ai",
    readerBaseUrl: "https://r.jina.ai",
    researchConcurrency: 4,
    researchPages: 2,
    researchTimeoutS: 30,
    researchPageChars: 6000,
    catalogDir: Option.none(),
    designConcurrency: 3
  },
  redis: Option.none()
}

/** A good value for each setting, shown next to a problem with it. */
export const examples: Readonly<Record<string, string>> = {
  GTPLANNER_HOST: "127.0.0.1",
  GTPLANNER_PORT: "11211",
  LLM_BASE_URL: "https://api.openai.com/v1",
  OPENAI_BASE_URL: "https://api.openai.com/v1",
  LLM_API_KEY: "sk-...",
  OPENAI_API_KEY: "sk-...",
  LLM_MODEL: "gpt-4o-mini",
  OPENAI_MODEL: "gpt-4o-mini",
  GTPLANNER_LLM_FIRST_TOKEN_TIMEOUT_S: "120",
  GTPLANNER_LLM_IDLE_TIMEOUT_S: "60",
  GTPLANNER_LLM_MAX_RETRIES: "2",
  GTPLANNER_LLM_RETRY_BASE_MS: "500",
  GTPLANNER_DEFAULT_LANGUAGE: "en",
  GTPLANNER_MAX_BODY_BYTES: "1048576",
  GTPLANNER_MAX_HISTORY: "500",
  GTPLANNER_MAX_MESSAGE_CHARS: "100000",
  GTPLANNER_MAX_CONCURRENT_RUNS: "200",
  GTPLANNER_MAX_TOOL_ROUNDS: "5",
  GTPLANNER_LISTENER_QUEUE: "256",
  GTPLANNER_SEND_TIMEOUT_S: "30",
  GTPLANNER_RETENTION_S: "600",
  GTPLANNER_RETENTION_EVENTS: "20000",
  GTPLANNER_RETENTION_BYTES: "16777216",
  GTPLANNER_SHUTDOWN_GRACE_S: "10",
  GTPLANNER_BUFFER_WINDOW_MS: "50",
  GTPLANNER_STATIC_DIR: "static",
  GTPLANNER_API_KEY: "a-long-random-string",
  GTPLANNER_CORS_ORIGINS: "https://app.example.com,http://localhost:5173",
  JINA_API_KEY: "jina_...",
  GTPLANNER_SEARCH_BASE_URL: "https://s.jina.ai",
  GTPLANNER_READER_BASE_URL: "https://r.jina.ai",
  GTPLANNER_RESEARCH_CONCURRENCY: "4",
  GTPLANNER_RESEARCH_PAGES: "2",
  GTPLANNER_RESEARCH_TIMEOUT_S: "30",
  GTPLANNER_RESEARCH_PAGE_CHARS: "6000",
  GTPLANNER_CATALOG_DIR: "./my-catalog",
  GTPLANNER_DESIGN_CONCURRENCY: "3",
  GTPLANNER_REDIS_URL: "redis://127.0.0.1:6379/0",
  GTPLANNER_REDIS_PREFIX: "gtplanner",
  GTPLANNER_LEASE_S: "15"
}

const positiveInt = (name: string, fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  Config.integer(name).pipe(
    Config.validate({ message: `must be a whole number from 1 to ${max}`, validation: (n) => n >= 1 && n <= max }),
    Config.withDefault(fallback)
  )

const seconds = (name: string, fallback: number) =>
  Config.number(name).pipe(
    Config.validate({ message: "must be a number of seconds greater than 0", validation: (n) => n > 0 }),
    Config.withDefault(fallback)
  )

/** A setting under its GTPlanner name, or the OpenAI name users may already have. */
const either = <A>(primary: Config.Config<A>, fallback: Config.Config<A>) => Config.orElse(primary, () => fallback)

const url = (name: string) =>
  Config.string(name).pipe(
    Config.validate({
      message: "must be an http(s) URL",
      validation: (s) => {
        try {
          return ["http:", "https:"].includes(new URL(s).protocol)
        } catch {
          return false
        }
      }
    })
  )

/** All settings from the current ConfigProvider (the environment by default). */
export const fromConfig: Config.Config<AppConfigShape> = Config.all({
  host: Config.string("GTPLANNER_HOST").pipe(Config.withDefault(defaults.host)),
  port: Config.integer("GTPLANNER_PORT").pipe(
    Config.validate({ message: "must be a port number from 0 to 65535", validation: (n) => n >= 0 && n <= 65535 }),
    Config.withDefault(defaults.port)
  ),
  llm: Config.all({
    baseUrl: Config.option(either(url("LLM_BASE_URL"), url("OPENAI_BASE_URL"))),
    apiKey: Config.option(either(Config.redacted("LLM_API_KEY"), Config.redacted("OPENAI_API_KEY"))).pipe(
      Config.map(Option.filter((key) => Redacted.value(key).trim() !== ""))
    ),
    model: either(Config.string("LLM_MODEL"), Config.string("OPENAI_MODEL")).pipe(Config.withDefault(defaults.llm.model)),
    firstTokenTimeoutS: seconds("GTPLANNER_LLM_FIRST_TOKEN_TIMEOUT_S", defaults.llm.firstTokenTimeoutS),
    idleTimeoutS: seconds("GTPLANNER_LLM_IDLE_TIMEOUT_S", defaults.llm.idleTimeoutS),
    maxRetries: Config.integer("GTPLANNER_LLM_MAX_RETRIES").pipe(
      Config.validate({ message: "must be a whole number from 0 to 10", validation: (n) => n >= 0 && n <= 10 }),
      Config.withDefault(defaults.llm.maxRetries)
    ),
    retryBaseDelayMs: positiveInt("GTPLANNER_LLM_RETRY_BASE_MS", defaults.llm.retryBaseDelayMs, 60_000)
  }),
  defaultLanguage: Config.literal(...languages)("GTPLANNER_DEFAULT_LANGUAGE").pipe(Config.withDefault(defaults.defaultLanguage)),
  maxBodyBytes: positiveInt("GTPLANNER_MAX_BODY_BYTES", defaults.maxBodyBytes),
  maxHistory: positiveInt("GTPLANNER_MAX_HISTORY", defaults.maxHistory),
  maxMessageChars: positiveInt("GTPLANNER_MAX_MESSAGE_CHARS", defaults.maxMessageChars),
  maxConcurrentRuns: positiveInt("GTPLANNER_MAX_CONCURRENT_RUNS", defaults.maxConcurrentRuns),
  maxToolRounds: positiveInt("GTPLANNER_MAX_TOOL_ROUNDS", defaults.maxToolRounds, 50),
  listenerQueue: positiveInt("GTPLANNER_LISTENER_QUEUE", defaults.listenerQueue, 1_000_000),
  sendTimeoutS: seconds("GTPLANNER_SEND_TIMEOUT_S", defaults.sendTimeoutS),
  retentionS: seconds("GTPLANNER_RETENTION_S", defaults.retentionS),
  retentionEvents: positiveInt("GTPLANNER_RETENTION_EVENTS", defaults.retentionEvents),
  retentionBytes: positiveInt("GTPLANNER_RETENTION_BYTES", defaults.retentionBytes),
  shutdownGraceS: seconds("GTPLANNER_SHUTDOWN_GRACE_S", defaults.shutdownGraceS),
  bufferWindowMs: positiveInt("GTPLANNER_BUFFER_WINDOW_MS", defaults.bufferWindowMs, 10_000),
  staticDir: Config.string("GTPLANNER_STATIC_DIR").pipe(Config.withDefault(defaults.staticDir)),
  apiKey: Config.option(Config.redacted("GTPLANNER_API_KEY")).pipe(
    Config.map(Option.filter((key) => Redacted.value(key).trim() !== "")),
    Config.validate({
      message: "must be at least 16 characters",
      validation: Option.match({ onNone: () => true, onSome: (key) => Redacted.value(key).length >= 16 })
    })
  ),
  corsOrigins: Config.string("GTPLANNER_CORS_ORIGINS").pipe(
    Config.map((raw) => raw.split(",").map((o) => o.trim()).filter((o) => o !== "")),
    Config.validate({
      message: "must be * or comma-separated origins like https://app.example.com (scheme, host and port; no path)",
      validation: (origins) => origins.every((o) => o === "*" || isOrigin(o))
    }),
    Config.withDefault(defaults.corsOrigins)
  ),
  // ---- the planner's tools (research provider, catalog, limits) ----
  planner: Config.all({
    jinaApiKey: Config.option(Config.redacted("JINA_API_KEY")).pipe(Config.map(Option.filter((key) => Redacted.value(key).trim() !== ""))),
    searchBaseUrl: url("GTPLANNER_SEARCH_BASE_URL").pipe(Config.withDefault(defaults.planner.searchBaseUrl)),
    readerBaseUrl: url("GTPLANNER_READER_BASE_URL").pipe(Config.withDefault(defaults.planner.readerBaseUrl)),
    researchConcurrency: positiveInt("GTPLANNER_RESEARCH_CONCURRENCY", defaults.planner.researchConcurrency, 32),
    researchPages: positiveInt("GTPLANNER_RESEARCH_PAGES", defaults.planner.researchPages, 10),
    researchTimeoutS: seconds("GTPLANNER_RESEARCH_TIMEOUT_S", defaults.planner.researchTimeoutS),
    researchPageChars: positiveInt("GTPLANNER_RESEARCH_PAGE_CHARS", defaults.planner.researchPageChars, 100_000),
    catalogDir: Config.option(Config.string("GTPLANNER_CATALOG_DIR")).pipe(Config.map(Option.filter((dir) => dir.trim() !== ""))),
    designConcurrency: positiveInt("GTPLANNER_DESIGN_CONCURRENCY", defaults.planner.designConcurrency, 16)
  }),
  redis: Config.option(
    Config.all({
      url: Config.redacted("GTPLANNER_REDIS_URL").pipe(
        Config.validate({
          message: "must be a redis:// or rediss:// URL",
          validation: (url) => /^rediss?:\/\/.+/.test(Redacted.value(url))
        })
      ),
      prefix: Config.string("GTPLANNER_REDIS_PREFIX").pipe(Config.withDefault("gtplanner")),
      leaseS: Config.number("GTPLANNER_LEASE_S").pipe(
        Config.validate({ message: "must be a number of seconds from 1 to 300", validation: (n) => n >= 1 && n <= 300 }),
        Config.withDefault(15)
      )
    })
  )
})

export class AppConfig extends Context.Tag("gtplanner/AppConfig")<AppConfig, AppConfigShape>() {
  /** Settings read from the environment (or whatever ConfigProvider is current). */
  static readonly fromEnv: Layer.Layer<AppConfig, ConfigError.ConfigError> = Layer.effect(AppConfig, Effect.suspend(() => fromConfig))

  /** Explicit settings on top of the defaults (tests, embedders). */
  static layer(
    overrides: Partial<Omit<AppConfigShape, "llm" | "planner">> & { readonly llm?: Partial<LlmSettings>; readonly planner?: Partial<PlannerSettings> } = {}
  ): Layer.Layer<AppConfig> {
    return Layer.succeed(
      AppConfig,
      AppConfig.of({ ...defaults, ...overrides, llm: { ...defaults.llm, ...overrides.llm }, planner: { ...defaults.planner, ...overrides.planner } })
    )
  }
}
