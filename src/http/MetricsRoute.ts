/** `GET /metrics`: Prometheus text, with the engine's live figures read at scrape time. */
import { HttpLayerRouter, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { SessionRegistry } from "../engine/SessionRegistry.js"
import { Metrics } from "../observability/Metrics.js"

export const MetricsRoute = HttpLayerRouter.use(
  Effect.fn(function* (router) {
    const registry = yield* SessionRegistry
    const metrics = yield* Metrics
    yield* router.add(
      "GET",
      "/metrics",
      Effect.gen(function* () {
        metrics.setActivity(yield* registry.stats)
        return HttpServerResponse.text(yield* metrics.render, { contentType: metrics.contentType })
      })
    )
  })
)
