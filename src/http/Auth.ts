/**
 * The optional API key (`GTPLANNER_API_KEY`): every `/api/*` route and `/metrics` then need
 * `Authorization: Bearer <key>`; the attach endpoint and the AI SDK resume also take `?api_key=`
 * because EventSource cannot set headers. `/`, `/static/*` and `/health` stay open. Keys are
 * compared in constant time (as SHA-256 digests, so their lengths leak nothing either).
 */
import { HttpLayerRouter, HttpServerRequest } from "@effect/platform"
import { Effect, Layer, Option, Redacted } from "effect"
import { createHash, timingSafeEqual } from "node:crypto"
import { AppConfig } from "../config/AppConfig.js"
import { errorResponse } from "./ApiError.js"

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest()

export const sameSecret = (given: string, expected: Redacted.Redacted<string>): boolean =>
  timingSafeEqual(digest(given), digest(Redacted.value(expected)))

/** The GET streams a browser may open without setting headers: the native attach and the AI SDK resume. */
const ATTACH = /^\/api\/chat\/(agent\/[^/]+\/events|[^/]+\/stream)$/

const protectedPath = (path: string) => path.startsWith("/api/") || path === "/metrics"

/** The key a request presents: the bearer token, or `?api_key=` on the two GET streams. */
export const presentedKey = (request: HttpServerRequest.HttpServerRequest): string | undefined => {
  const header = request.headers["authorization"]
  const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim()
  if (bearer) return bearer
  const url = new URL(request.url, "http://localhost")
  return request.method === "GET" && ATTACH.test(url.pathname) ? (url.searchParams.get("api_key") ?? undefined) : undefined
}

const unauthorized = (message: string) =>
  errorResponse({ status: 401, code: "unauthorized", message, headers: { "www-authenticate": 'Bearer realm="gtplanner"' } })

export const AuthMiddleware: Layer.Layer<never, never, AppConfig | HttpLayerRouter.HttpRouter> = Layer.unwrapEffect(
  Effect.map(AppConfig, ({ apiKey }) =>
    Option.match(apiKey, {
      onNone: () => Layer.empty,
      onSome: (key) =>
        HttpLayerRouter.middleware(
          (app) =>
            Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
              const path = new URL(request.url, "http://localhost").pathname
              // Preflights carry no credentials; CORS answers them.
              if (request.method === "OPTIONS" || !protectedPath(path)) return app
              const given = presentedKey(request)
              if (given === undefined) return Effect.succeed(unauthorized("An API key is required: send Authorization: Bearer <key>."))
              if (!sameSecret(given, key)) return Effect.succeed(unauthorized("The API key is not valid."))
              return app
            }),
          { global: true }
        )
    })
  )
)
