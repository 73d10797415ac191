/**
 * The planner as a service: one conversation turn as a `Stream` of typed events. It knows
 * nothing of HTTP, SSE or sessions; the engine (or an embedder) consumes the stream.
 */
import { Context, Effect, Exit, Layer, Queue, Stream, Take } from "effect"
import type { TurnContext } from "../domain/AgentContext.js"
import type { PlannerEvent } from "../domain/Events.js"
import { LanguageModel } from "../llm/LanguageModel.js"
import { Metrics } from "../observability/Metrics.js"
import { type OrchestratorSettings, runTurn } from "./Orchestrator.js"
import { ToolRegistry } from "./ToolRegistry.js"

export interface PlannerShape {
  /**
   * Runs one turn. The stream ends after `conversation_end`; model failures are `error` events,
   * not stream failures. Interrupting the stream aborts the model request and the tools.
   */
  readonly run: (turn: TurnContext) => Stream.Stream<PlannerEvent>
}

/** Events the turn may run ahead of its consumer; beyond this the turn waits. */
const PLANNER_BUFFER = 64

export class Planner extends Context.Tag("gtplanner/Planner")<Planner, PlannerShape>() {
  static layer(settings: OrchestratorSettings): Layer.Layer<Planner, never, LanguageModel | ToolRegistry> {
    return Layer.effect(
      Planner,
      Effect.gen(function* () {
        const llm = yield* LanguageModel
        const registry = yield* ToolRegistry
        const metrics = yield* Metrics
        const run = (turn: TurnContext): Stream.Stream<PlannerEvent> =>
          Stream.unwrapScoped(
            Effect.gen(function* () {
              // The turn is written as sequential code that emits; a bounded queue of Takes turns
              // that into a stream without losing the last events and with backpressure.
              const queue = yield* Effect.acquireRelease(Queue.bounded<Take.Take<PlannerEvent>>(PLANNER_BUFFER), Queue.shutdown)
              yield* runTurn(turn, (event) => Queue.offer(queue, Take.of(event)), { llm, registry, settings, metrics }).pipe(
                Effect.exit,
                Effect.flatMap((exit) => Queue.offer(queue, Exit.isSuccess(exit) ? Take.end : Take.failCause(exit.cause))),
                Effect.annotateLogs({ session_id: turn.sessionId, run_id: turn.runId }),
                Effect.forkScoped
              )
              return Stream.fromQueue(queue).pipe(Stream.flattenTake)
            })
          )
        return { run }
      })
    )
  }
}
