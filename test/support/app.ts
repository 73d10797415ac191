/**
 * The whole server for a test: the scripted OpenAI-compatible model on loopback, and the real
 * HTTP server (port 0) talking to it with the real `openai` client.
 */
import { HttpServer } from "@effect/platform"
import { Context, Effect, Exit, Layer, Logger, LogLevel, Option, Redacted, Scope, Supervisor, type Tracer } from "effect"
import { ServerLive } from "../../src/App.js"
import { AppConfig, type AppConfigShape, type LlmSettings, type PlannerSettings } from "../../src/config/AppConfig.js"
import { type EngineStats, SessionRegistry, type SessionRegistryShape } from "../../src/engine/SessionRegistry.js"
import * as ScriptedModel from "../../src/llm/scripted/ScriptedModel.js"
import type { Tool } from "../../src/planner/Tool.js"
import { PlannerToolsLive } from "../../src/planner/tools/PlannerTools.js"
import { ToolRegistry } from "../../src/planner/ToolRegistry.js"

export interface TestApp {
  readonly baseUrl: string
  /** Fibers alive in the server right now (all of them are supervised from the start). */
  readonly liveFibers: () => Promise<number>
  readonly model: ScriptedModel.ScriptedModelServer
  readonly registry: SessionRegistryShape
  readonly stats: () => Promise<EngineStats>
  /** Waits (bounded) until no run is active and no listener is attached. */
  readonly settled: () => Promise<EngineStats>
  readonly close: () => Promise<void>
}

export interface TestAppOptions {
  readonly config?: Partial<Omit<AppConfigShape, "llm" | "planner">>
  readonly llm?: Partial<LlmSettings>
  /** Test tools, or "planner" for the real planning tools (catalog, research when configured). */
  readonly tools?: ReadonlyArray<Tool> | "planner"
  readonly planner?: Partial<PlannerSettings>
  /** A tracer the host provides (by default none: Effect's own, which records nothing). */
  readonly tracer?: Tracer.Tracer
}

export const startApp = async (options: TestAppOptions = {}): Promise<TestApp> => {
  const model = await ScriptedModel.start()
  const scope = Effect.runSync(Scope.make())
  const supervisor = Effect.runSync(Supervisor.track)
  const config = AppConfig.layer({
    port: 0,
    ...options.config,
    ...(options.planner ? { planner: options.planner } : {}),
    llm: {
      baseUrl: Option.some(model.url),
      apiKey: Option.some(Redacted.make("sk-test")),
      model: "scripted-model",
      firstTokenTimeoutS: 5,
      idleTimeoutS: 2,
      maxRetries: 2,
      retryBaseDelayMs: 20,
      ...options.llm
    }
  })
  const tools = options.tools === "planner" ? PlannerToolsLive : ToolRegistry.layer(options.tools ?? [])
  const layer = ServerLive({ tools, logRequests: false }).pipe(
    Layer.provide(config),
    Layer.provide(Logger.minimumLogLevel(LogLevel.Error)),
    Layer.provide(Supervisor.addSupervisor(supervisor)),
    Layer.provide(options.tracer === undefined ? Layer.empty : Layer.setTracer(options.tracer))
  )
  const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
  const address = Context.get(context, HttpServer.HttpServer).address
  if (address._tag !== "TcpAddress") throw new Error("expected a TCP address")
  const registry = Context.get(context, SessionRegistry)
  const stats = () => Effect.runPromise(registry.stats)
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    liveFibers: () => Effect.runPromise(Effect.map(supervisor.value, (fibers) => fibers.length)),
    model,
    registry,
    stats,
    settled: async () => {
      for (let i = 0; i < 200; i++) {
        const s = await stats()
        if (s.activeRuns === 0 && s.listeners === 0) return s
        await new Promise((r) => setTimeout(r, 25))
      }
      return stats()
    },
    close: async () => {
      await Effect.runPromise(Scope.close(scope, Exit.void))
      await model.close()
    }
  }
}

/** Polls `check` (bounded) until it returns a value; for outcomes that are observable only by asking. */
export const eventually = async <A>(check: () => Promise<A | undefined> | A | undefined, what: string, timeoutMs = 5000): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
