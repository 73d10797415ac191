/** A LanguageModel whose requests are timed and whose failures are counted by code. */
import { Effect, Stream } from "effect"
import type { MetricsShape } from "../observability/Metrics.js"
import type { LanguageModelShape } from "./LanguageModel.js"

export const instrumented = (model: LanguageModelShape, metrics: MetricsShape): LanguageModelShape => ({
  ...model,
  streamChat: (request) =>
    Stream.suspend(() => {
      // Wall time for metrics. An interrupted request (cancel, disconnect) records nothing: it is
      // neither a success nor a model error.
      const started = performance.now()
      const record = (outcome: string) => Effect.sync(() => metrics.llmRequest((performance.now() - started) / 1000, outcome))
      return model.streamChat(request).pipe(
        Stream.tapError((error) => record(error.code)),
        Stream.onEnd(record("ok"))
      )
    })
})
