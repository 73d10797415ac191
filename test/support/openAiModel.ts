/** The real `openai`-based model, pointed at a scripted model server (or any server with a `url`): what the llm tests talk to. */
import { Redacted } from "effect"
import * as OpenAiLanguageModel from "../../src/llm/OpenAiLanguageModel.js"

export const SCRIPTED_API_KEY = "sk-scripted"

/** Short timeouts (a silent model fails within a second), quick retries; `overrides` changes any. */
export const openAiOver = (model: { readonly url: string }, overrides: Partial<OpenAiLanguageModel.OpenAiSettings> = {}) =>
  OpenAiLanguageModel.make({
    baseUrl: model.url,
    apiKey: Redacted.make(SCRIPTED_API_KEY),
    model: "scripted-model",
    firstTokenTimeout: "3 seconds",
    idleTimeout: "1 second",
    maxRetries: 2,
    retryBaseDelay: "10 millis",
    maxRetryAfter: "5 seconds",
    ...overrides
  })
