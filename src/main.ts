/**
 * `npm start`: read the settings, serve until SIGINT/SIGTERM, drain, exit 0.
 */
import { HttpServer } from "@effect/platform"
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { ServerLive } from "./App.js"
import { AppConfig } from "./config/AppConfig.js"

const Main = Layer.effectDiscard(
  Effect.gen(function* () {
    const server = yield* HttpServer.HttpServer
    const address = server.address
    const url = address._tag === "TcpAddress" ? `http://${address.hostname}:${address.port}` : address.path
    yield* Effect.logInfo(`GTPlanner listening on ${url}`)
  })
).pipe(Layer.provide(ServerLive()), Layer.provide(AppConfig.fromEnv))

Layer.launch(Main).pipe(NodeRuntime.runMain)
