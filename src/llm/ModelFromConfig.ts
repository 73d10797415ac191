/**
 * The LanguageModel the settings ask for: the configured OpenAI-compatible provider, or — with
 * no base URL and no key — the built-in demo model, served by the scripted server on loopback
 * and spoken to through the same `openai` client.
 */
import { Duration, Effect, Layer, Option, Redacted } from "effect"
import { AppConfig, isDemo } from "../config/AppConfig.js"
import type { LanguageModel } from "./LanguageModel.js"
import * as OpenAiLanguageModel from "./OpenAiLanguageModel.js"
import { demoResponder } from "./scripted/DemoResponder.js"
import * as ScriptedModel from "./scripted/ScriptedModel.js"

export const DEMO_MODEL = "gtplanner-demo"
const OPENAI_URL = "https://api.openai.com/v1"

export const fromAppConfig: Layer.Layer<LanguageModel, never, AppConfig> = Layer.unwrapScoped(
  Effect.gen(function* () {
    const { llm } = yield* AppConfig
    const common = {
      firstTokenTimeout: Duration.seconds(llm.firstTokenTimeoutS),
      idleTimeout: Duration.seconds(llm.idleTimeoutS),
      maxRetries: llm.maxRetries,
      retryBaseDelay: Duration.millis(llm.retryBaseDelayMs),
      maxRetryAfter: Duration.seconds(30)
    }
    if (isDemo(llm)) {
      const server = yield* ScriptedModel.scoped({ replies: demoResponder, model: DEMO_MODEL })
      yield* Effect.logWarning("No model configured (LLM_BASE_URL / LLM_API_KEY): answering with the built-in demo model.")
      return OpenAiLanguageModel.layer({ ...common, baseUrl: server.url, apiKey: Redacted.make("demo"), model: DEMO_MODEL, demo: true })
    }
    return OpenAiLanguageModel.layer({
      ...common,
      baseUrl: Option.getOrElse(llm.baseUrl, () => OPENAI_URL),
      // Local servers (Ollama, vLLM) need no key, but the SDK insists on one.
      apiKey: Option.getOrElse(llm.apiKey, () => Redacted.make("not-needed")),
      model: llm.model
    })
  })
)
