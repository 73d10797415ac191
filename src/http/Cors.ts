/**
 * Cross-origin access from `GTPLANNER_CORS_ORIGINS`. With none configured there are no CORS
 * headers at all: browsers then allow same-origin use only. Credentials (cookies) are never
 * allowed — the API key travels as a bearer token — so `*` is never combined with them.
 */
import { HttpLayerRouter } from "@effect/platform"
import { Effect, Layer } from "effect"
import { AppConfig } from "../config/AppConfig.js"

export const CorsMiddleware: Layer.Layer<never, never, AppConfig | HttpLayerRouter.HttpRouter> = Layer.unwrapEffect(
  Effect.map(AppConfig, ({ corsOrigins }) => {
    if (corsOrigins.length === 0) return Layer.empty
    const anyOrigin = corsOrigins.includes("*")
    const allowed = new Set(corsOrigins)
    return HttpLayerRouter.cors({
      // A predicate echoes only an allowed origin back; an empty list means "*".
      allowedOrigins: anyOrigin ? [] : (origin: string) => allowed.has(origin),
      allowedMethods: ["GET", "POST", "OPTIONS"],
      allowedHeaders: ["content-type", "authorization", "last-event-id"],
      exposedHeaders: ["content-location", "x-session-id", "x-run-id", "retry-after"],
      credentials: false,
      maxAge: 600
    })
  })
)
