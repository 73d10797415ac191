/** Liveness/readiness (`/health`) and the engine's activity (`/api/status`). */
import { HttpLayerRouter, HttpServerResponse } from "@effect/platform"
import { Clock, Effect } from "effect"
import { AppConfig } from "../config/AppConfig.js"
import type { Health } from "../domain/Resources.js"
import { SessionRegistry } from "../engine/SessionRegistry.js"
import { LanguageModel } from "../llm/LanguageModel.js"
import { instanceInfo, SERVICE_NAME, VERSION } from "../ServerInfo.js"

export const StatusRoutes = HttpLayerRouter.use(
  Effect.fn(function* (router) {
    const registry = yield* SessionRegistry
    const llm = yield* LanguageModel
    const config = yield* AppConfig
    const startedAt = yield* Clock.currentTimeMillis

    yield* router.add(
      "GET",
      "/health",
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const api = yield* registry.status
        const draining = yield* registry.isShuttingDown
        // Degraded: at the run limit, so new runs are being refused.
        const status = draining ? "shutting_down" : api.active_sessions >= config.maxConcurrentRuns ? "degraded" : "healthy"
        return HttpServerResponse.unsafeJson(
          {
            status,
            service: SERVICE_NAME,
            version: VERSION,
            timestamp: new Date(now).toISOString(),
            uptime_s: Math.round((now - startedAt) / 1000),
            llm: { configured: !llm.demo, model: llm.model, demo: llm.demo },
            instance: instanceInfo(),
            api_status: api
          } satisfies Health,
          { status: draining ? 503 : 200, headers: { "cache-control": "no-store" } }
        )
      })
    )

    yield* router.add("GET", "/api/status", Effect.map(registry.status, (s) => HttpServerResponse.unsafeJson(s)))
  })
)
