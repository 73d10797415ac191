/** A LanguageModel whose requests are timed and whose failures are counted by code. */
import { Effect, Stream } from "effect"
import type { MetricsShape } from "../observability/Metrics.js"
import type { LanguageModelShape } from "./LanguageModel.js"
import { isLlmError } from "./LlmError.js"

export const instrumented = (model: LanguageModelShape, metrics: MetricsShape): LanguageModelShape => {
  // Wall time for metrics. An interrupted request (cancel, disconnect) records nothing: it is
  // neither a success nor a model error.
  const recorder = () => {
    const started = performance.now()
    return (outcome: string) => Effect.sync(() => metrics.llmRequest((performance.now() - started) / 1000, outcome))
  }
  const { forEachDelta } = model
  return {
    ...model,
    streamChat: (request) =>
      Stream.suspend(() => {
        const record = recorder()
        return model.streamChat(request).pipe(
          Stream.tapError((error) => record(error.code)),
          Stream.onEnd(record("ok"))
        )
      }),
    ...(forEachDelta === undefined
      ? {}
      : {
          forEachDelta: (request, f) =>
            Effect.suspend(() => {
              const record = recorder()
              // One frame on the run's fiber for as long as the reply streams (was two: tapError, zipLeft).
              return Effect.matchEffect(forEachDelta(request, f), {
                // Only the model's own failures are counted, not those of the consumer `f`.
                onFailure: (error) => Effect.zipRight(isLlmError(error) ? record(error.code) : Effect.void, Effect.fail(error)),
                onSuccess: () => record("ok")
              })
            })
        })
  }
}
