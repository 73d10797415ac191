/**
 * The published contract: `/openapi.json`, the browsable docs at `/docs` (Scalar, its script
 * embedded in the page — no CDN, no web fonts), and the JSON Schema of every stream event at
 * `/api/schema/events.json`. All three are generated once, when the routes are built.
 */
import { HttpApiScalar, HttpLayerRouter, HttpServerResponse } from "@effect/platform"
import { Effect, Layer } from "effect"
import { openApiDocument, PlannerApi } from "./Contract.js"
import { EVENTS_SCHEMA_PATH, eventsJsonSchema } from "./EventsJsonSchema.js"

const DocumentRoutes = HttpLayerRouter.use(
  Effect.fn(function* (router) {
    const openApi = HttpServerResponse.unsafeJson(openApiDocument(), { headers: { "cache-control": "no-cache" } })
    const events = HttpServerResponse.unsafeJson(eventsJsonSchema(), {
      contentType: "application/schema+json",
      headers: { "cache-control": "no-cache" }
    })
    yield* router.add("GET", "/openapi.json", Effect.succeed(openApi))
    yield* router.add("GET", EVENTS_SCHEMA_PATH, Effect.succeed(events))
  })
)

const DocsPage = HttpApiScalar.layerHttpLayerRouter({
  api: PlannerApi,
  path: "/docs",
  scalar: { withDefaultFonts: false, defaultOpenAllTags: true }
})

export const ContractRoutes = Layer.mergeAll(DocumentRoutes, DocsPage)
