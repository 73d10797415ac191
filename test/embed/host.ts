/**
 * A host application for tests, built the way an embedder builds one: its own route and the
 * GTPlanner routes on one `HttpLayerRouter`, the engine from `GTPlanner.layer(...)`, the model
 * being the scripted one on loopback, talked to through the real `openai` client.
 */
import { HttpLayerRouter, HttpServer, HttpServerResponse } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Context, Effect, Exit, Layer, Logger, LogLevel, Scope } from "effect"
import { createServer } from "node:http"
import { GTPlanner } from "../../src/index.js"
import * as ScriptedModel from "../../src/llm/scripted/ScriptedModel.js"

export interface Host {
  readonly baseUrl: string
  readonly model: ScriptedModel.ScriptedModelServer
  readonly close: () => Promise<void>
}

const HostRoute = HttpLayerRouter.add("GET", "/host/hello", HttpServerResponse.text("hello from the host"))

export const startHost = async (settings: Omit<GTPlanner.Settings, "llm" | "fromEnv"> = {}): Promise<Host> => {
  const model = await ScriptedModel.start()
  const scope = Effect.runSync(Scope.make())
  const engine = GTPlanner.layer({
    ...settings,
    llm: { baseUrl: model.url, apiKey: "sk-test", model: "scripted-model", maxRetries: 0, idleTimeoutS: 5 }
  })
  const app = GTPlanner.drainOnShutdown(
    HttpLayerRouter.serve(Layer.mergeAll(HostRoute, GTPlanner.HttpRoutes), { disableLogger: true, disableListenLog: true })
  ).pipe(
    Layer.provideMerge(engine),
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })),
    Layer.provide(Logger.minimumLogLevel(LogLevel.Error))
  )
  const context = await Effect.runPromise(Layer.buildWithScope(app, scope))
  const address = Context.get(context, HttpServer.HttpServer).address
  if (address._tag !== "TcpAddress") throw new Error("expected a TCP address")
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    model,
    close: async () => {
      await Effect.runPromise(Scope.close(scope, Exit.void))
      await model.close()
    }
  }
}
