/**
 * The planner as a service: one conversation turn as a `Stream` of typed events. It knows
 * nothing of HTTP, SSE or sessions; the engine (or an embedder) consumes the stream.
 */
import { Context, Effect, Exit, Layer, Option, Queue, Stream, Take } from "effect"
import { randomUUID } from "node:crypto"
import { AppConfig } from "../config/AppConfig.js"
import type { ToolExecutionResults, TurnContext } from "../domain/AgentContext.js"
import type { PlannerEvent } from "../domain/Events.js"
import type { Language } from "../domain/Language.js"
import { type Message, messageText } from "../domain/Message.js"
import { LanguageModel } from "../llm/LanguageModel.js"
import { Metrics } from "../observability/Metrics.js"
import { chooseLanguage } from "./LanguageChoice.js"
import { type Emit, type OrchestratorSettings, runTurn } from "./Orchestrator.js"
import { ToolRegistry } from "./ToolRegistry.js"
import { acquireReleasePlain } from "../resource/PlainFinalizer.js"

export interface PlannerShape {
  /**
   * Runs one turn. The stream ends after `conversation_end`; model failures are `error` events,
   * not stream failures. Interrupting the stream aborts the model request and the tools.
   */
  readonly run: (turn: TurnContext) => Stream.Stream<PlannerEvent>
  /**
   * The same turn, handing each event to `emit` as it happens (the turn waits for `emit`; an
   * `emit` with `now` gets the model's text chunks at the call, see `Emit`). The engine's path:
   * no stream between the turn and the run log, one hop less per event. Its logs carry the
   * caller's annotations (the engine's run fiber names its session and run).
   */
  readonly runWith: (turn: TurnContext, emit: Emit) => Effect.Effect<void>
}

/** One turn as a client would send it (the keys of `POST /api/chat/agent`), for `Planner.run`. */
export interface PlannerInput {
  readonly dialogue_history: ReadonlyArray<Message>
  /** Names the turn in logs; default `embedded`. */
  readonly session_id?: string
  readonly tool_execution_results?: ToolExecutionResults
  readonly session_metadata?: Readonly<Record<string, unknown>>
  readonly language?: Language | null
}

/** The turn's context, with the language resolved as the engine does (default: the configured one, else English). */
const turnOf = (input: PlannerInput) =>
  Effect.map(Effect.serviceOption(AppConfig), (config): TurnContext => {
    const lastUser = [...input.dialogue_history].reverse().find((m) => m.role === "user")
    const sessionMetadata = input.session_metadata ?? {}
    return {
      sessionId: input.session_id ?? "embedded",
      runId: `run_${randomUUID().replaceAll("-", "").slice(0, 16)}`,
      history: input.dialogue_history,
      toolExecutionResults: input.tool_execution_results ?? {},
      sessionMetadata,
      language: chooseLanguage({
        requested: input.language ?? null,
        sessionMetadata,
        lastUserText: lastUser ? messageText(lastUser) : "",
        fallback: Option.match(config, { onNone: () => "en" as const, onSome: (c) => c.defaultLanguage })
      })
    }
  })

/** Events the turn may run ahead of its consumer; beyond this the turn waits. */
const PLANNER_BUFFER = 64

export class Planner extends Context.Tag("gtplanner/Planner")<Planner, PlannerShape>() {
  /** One turn, without HTTP or sessions: `conversation_start` … `conversation_end`, typed. */
  static run(input: PlannerInput): Stream.Stream<PlannerEvent, never, Planner> {
    return Stream.unwrap(Effect.zipWith(Planner, turnOf(input), (planner, turn) => planner.run(turn)))
  }

  static layer(settings: OrchestratorSettings): Layer.Layer<Planner, never, LanguageModel | ToolRegistry> {
    return Layer.effect(
      Planner,
      Effect.gen(function* () {
        const llm = yield* LanguageModel
        const registry = yield* ToolRegistry
        const metrics = yield* Metrics
        const runWith = (turn: TurnContext, emit: Emit) => runTurn(turn, emit, { llm, registry, settings, metrics })
        const run = (turn: TurnContext): Stream.Stream<PlannerEvent> =>
          Stream.unwrapScoped(
            Effect.gen(function* () {
              // The turn is written as sequential code that emits; a bounded queue of Takes turns
              // that into a stream without losing the last events and with backpressure.
              const queue = yield* acquireReleasePlain(Queue.bounded<Take.Take<PlannerEvent>>(PLANNER_BUFFER), Queue.shutdown)
              yield* runWith(turn, (event) => Queue.offer(queue, Take.of(event))).pipe(
                Effect.annotateLogs({ session_id: turn.sessionId, run_id: turn.runId }),
                Effect.exit,
                Effect.flatMap((exit) => Queue.offer(queue, Exit.isSuccess(exit) ? Take.end : Take.failCause(exit.cause))),
                Effect.forkScoped
              )
              return Stream.fromQueue(queue).pipe(Stream.flattenTake)
            })
          )
        return { run, runWith }
      })
    )
  }
}
