/**
 * Mount GTPlanner's HTTP API into an app of your own: one HttpLayerRouter serving your routes
 * and the planner's, your middleware (here an API key) in front of the planner's, and a tool of
 * yours that the model can call — its custom event streams to the HTTP client.
 *
 *   PORT=3000 API_KEY=secret npx tsx examples/mount-routes.ts
 */
import { HttpLayerRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Config, Effect, Layer, Schema } from "effect"
import { GTPlanner, Tool } from "gtplanner-effect"
import { createServer } from "node:http"

// Your own route.
const Hello = HttpLayerRouter.add("GET", "/hello", HttpServerResponse.text("Hello from the host app"))

// Your own tool, offered to the model next to the built-in ones.
const CheckStock = Tool.make({
  name: "check_stock",
  description: "How many units of a product the shop has in stock.",
  parameters: Schema.Struct({ sku: Schema.String }),
  execute: ({ sku }, ctx) =>
    Effect.gen(function* () {
      const inStock = 12 // look it up in your own systems
      yield* ctx.custom("stock.checked", { sku, in_stock: inStock })
      return { result: { sku, in_stock: inStock } }
    })
})

// Your own middleware: the planner's routes want an API key; yours stay open.
const RequireApiKey = HttpLayerRouter.middleware(
  Effect.gen(function* () {
    const apiKey = yield* Config.string("API_KEY").pipe(Config.withDefault("secret"))
    return (handler) =>
      Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
        request.headers["x-api-key"] === apiKey
          ? handler
          : Effect.succeed(HttpServerResponse.unsafeJson({ error: { code: "unauthorized", message: "Send your API key in X-Api-Key." } }, { status: 401 }))
      )
  })
)

const PlannerRoutes = GTPlanner.HttpRoutes.pipe(Layer.provide(RequireApiKey.layer))

const App = GTPlanner.drainOnShutdown(HttpLayerRouter.serve(Layer.mergeAll(Hello, PlannerRoutes))).pipe(
  Layer.provide(GTPlanner.layer({ fromEnv: true, tools: [CheckStock] })),
  Layer.provide(NodeHttpServer.layerConfig(createServer, { port: Config.integer("PORT").pipe(Config.withDefault(3000)), host: Config.succeed("127.0.0.1") }))
)

Layer.launch(App).pipe(NodeRuntime.runMain)
