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
  staticDir: "static"
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
  GTPLANNER_STATIC_DIR: "static"
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
  staticDir: Config.string("GTPLANNER_STATIC_DIR").pipe(Config.withDefault(defaults.staticDir))
})

export class AppConfig extends Context.Tag("gtplanner/AppConfig")<AppConfig, AppConfigShape>() {
  /** Settings read from the environment (or whatever ConfigProvider is current). */
  static readonly fromEnv: Layer.Layer<AppConfig, ConfigError.ConfigError> = Layer.effect(AppConfig, Effect.suspend(() => fromConfig))

  /** Explicit settings on top of the defaults (tests, embedders). */
  static layer(overrides: Partial<Omit<AppConfigShape, "llm">> & { readonly llm?: Partial<LlmSettings> } = {}): Layer.Layer<AppConfig> {
    return Layer.succeed(AppConfig, AppConfig.of({ ...defaults, ...overrides, llm: { ...defaults.llm, ...overrides.llm } }))
  }
}
