/**
 * GTPlanner for programs: the public surface of the package.
 *
 * ```ts
 * import { GTPlanner } from "gtplanner-effect"
 *
 * // 1. one turn as a Stream of typed events, without HTTP
 * GTPlanner.Planner.run({ dialogue_history: [{ role: "user", content: "Plan a URL shortener" }] })
 * // 2. the session engine: runs that outlive their listeners, resumable, cancellable
 * GTPlanner.SessionRegistry.start({ session_id: "s1", dialogue_history: [...] })
 * // 3. the HTTP routes, mounted into your own HttpLayerRouter
 * Layer.mergeAll(MyRoutes, GTPlanner.HttpRoutes)
 * // …all three need the engine's services:
 * Effect.provide(GTPlanner.layer({ llm: { baseUrl, apiKey, model } }))
 * ```
 *
 * Every name is exported both on its own and on the `GTPlanner` namespace. The typed HTTP client
 * is a separate entry, `gtplanner-effect/client` (no Effect needed), with an Effect-flavoured
 * variant at `gtplanner-effect/client/effect`.
 */

// ---- assembly ---------------------------------------------------------------------------

/** `layer(settings?)`, `HttpRoutes`, `drainOnShutdown`, `server(settings?)` and their settings. */
export { drainOnShutdown, HttpRoutes, layer, type LlmOptions, server, type Services, type Settings } from "./Embedding.js"
/** The lower-level layers `layer` is made of, for hosts that compose their own. */
export { DefaultTools, EngineLive, ServerLive } from "./App.js"
export { AppConfig, type AppConfigShape, type LlmSettings } from "./config/AppConfig.js"

// ---- services ---------------------------------------------------------------------------

/** `Planner.run(input)`: one turn as a `Stream` of `PlannerEvent`s. */
export { Planner, type PlannerInput, type PlannerShape } from "./planner/Planner.js"
export type { Emit } from "./planner/Orchestrator.js"
/** `SessionRegistry.start / attach / find / cancel / snapshot`: the session engine. */
export {
  InvalidRequest,
  type ListenerItem,
  NoActiveRun,
  Overloaded,
  type RunHandle,
  type RunOutcome,
  SessionBusy,
  SessionRegistry,
  type SessionRegistryShape,
  ShuttingDown,
  type Snapshot
} from "./engine/SessionRegistry.js"
export { type ChatDelta, type ChatRequest, DeltaHandled, LanguageModel, type LanguageModelShape, type ToolDefinition } from "./llm/LanguageModel.js"

// ---- extension points -------------------------------------------------------------------

/** `Tool.make({ name, description, parameters, execute })`; `ctx.custom(name, value)` emits a `custom` event. */
export * as Tool from "./planner/Tool.js"
/** The tools offered to the model: `ToolRegistry.layer(tools)`, `ToolRegistry.extend(tools)`. */
export { ToolRegistry, type ToolRegistryShape } from "./planner/ToolRegistry.js"

// ---- the contract -----------------------------------------------------------------------

/** Every event of the native dialect as a Schema (decode and encode them), and their types. */
export * from "./domain/Events.js"
export { AgentContextRequest, OnDisconnect, SessionId, ToolExecutionResults, type TurnContext } from "./domain/AgentContext.js"
export { Language } from "./domain/Language.js"
export { ContentPart, Message, Role, ToolCall } from "./domain/Message.js"
export { CancelAccepted, DocumentInfo, ErrorBody, Health, SessionSnapshot, StatusReport } from "./domain/Resources.js"
/** The HTTP API as an `HttpApi` declaration, and the documents generated from it. */
export { openApiDocument, PlannerApi } from "./http/Contract.js"
export { eventsJsonSchema } from "./http/EventsJsonSchema.js"

export * as GTPlanner from "./index.js"
