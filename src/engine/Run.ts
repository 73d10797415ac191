/**
 * One run: a conversation turn executing as an actor (a fiber owned by the SessionRegistry),
 * its log, and what a snapshot reports about it. The actor writes `connection`, then the
 * planner's events, then always `complete` and `close` — also when it is cancelled or crashes.
 */
import { Cause, Clock, Deferred, type Duration, Effect, Exit, type Fiber, FiberRef, HashMap, List, Stream } from "effect"
import type { OnDisconnect, TurnContext } from "../domain/AgentContext.js"
import { type DataOf, type DocumentFormat, makeEvent, type PlannerEvent, type RunEvent, type RunResult, type RunStatus } from "../domain/Events.js"
import type { Language } from "../domain/Language.js"
import type { LanguageModelShape } from "../llm/LanguageModel.js"
import { t } from "../planner/i18n/messages.js"
import type { Emit } from "../planner/Orchestrator.js"
import type { PlannerShape } from "../planner/Planner.js"
import { FEATURES, SERVICE_NAME, VERSION } from "../ServerInfo.js"
import { coalesceChunks } from "./Coalesce.js"
import { type EnvelopeContext, wrap } from "./Envelope.js"
import { LogEntry } from "./LogEntry.js"
import { OpenSpans, textFromLog } from "./OpenSpans.js"
import type { RunLog } from "./RunLog.js"

export interface RunOptions {
  readonly includeMetadata: boolean
  readonly bufferEvents: boolean
  /** Seconds. */
  readonly heartbeatInterval: number
  readonly onDisconnect: OnDisconnect
  readonly language: Language
}

export type CancelReason = "user" | "disconnect" | "shutdown"

export interface StoredDocument {
  readonly content: string
  readonly format: DocumentFormat
}

export class Run {
  status: RunStatus = "running"
  endedAt: number | null = null
  result: RunResult | null = null
  cancelReason: CancelReason | null = null
  /** The run's fiber while it runs: null before it is forked and once it has ended. */
  fiber: Fiber.RuntimeFiber<void> | null = null
  readonly documents = new Map<string, StoredDocument>()
  readonly envelopeContext: EnvelopeContext

  constructor(
    readonly runId: string,
    readonly sessionId: string,
    readonly startedAt: number,
    readonly options: RunOptions,
    readonly log: RunLog,
    readonly historyLength: number,
    /** Completed when the run has written `close`. */
    readonly done: Deferred.Deferred<void>
  ) {
    this.envelopeContext = { sessionId, startedAt, includeMetadata: options.includeMetadata }
  }

  /** Appends an event to the log in its envelope, stamped now. */
  append(event: RunEvent): Effect.Effect<void> {
    return Effect.flatMap(Clock.currentTimeMillis, (now) => this.appendAt(event, now))
  }

  /** Appends an event stamped with a time already read. */
  appendAt(event: RunEvent, now: number): Effect.Effect<void> {
    return Effect.asVoid(this.log.append((id) => wrap(this.envelopeContext, event, now, id - 1)))
  }

  /** `appendAt`, done at the call where it can be: `Effect.void` once written, else the Effect that finishes it (`RunLog.appendNow`). */
  appendNow(event: RunEvent, now: number): Effect.Effect<void> {
    const written = this.log.appendNow((id) => wrap(this.envelopeContext, event, now, id - 1))
    return written instanceof LogEntry ? Effect.void : Effect.asVoid(written)
  }

  /** Seconds since the run started. */
  durationAt(now: number): number {
    return (now - this.startedAt) / 1000
  }
}

export interface ActorDeps {
  readonly planner: PlannerShape
  readonly llm: LanguageModelShape
  readonly bufferWindow: Duration.DurationInput
  /** Told when the run has ended, whatever way. */
  readonly onEnd: (run: Run) => Effect.Effect<void>
  /**
   * Told when the outcome is known, before `complete` and `close` are written: a client that has
   * read `close` can rely on the session being free (also across instances).
   */
  readonly onSettled?: (run: Run) => Effect.Effect<void>
}

const statistics = (run: Run, id: number, now: number) => ({ total_events: id, session_duration: run.durationAt(now) })

/**
 * The run's whole life. Never fails: every ending is written to the log as events. Run it as a
 * fiber's whole program: it names the fiber's log lines after the run.
 */
export const runActor = (run: Run, turn: TurnContext, deps: ActorDeps): Effect.Effect<void> => {
  const spans = new OpenSpans(textFromLog(run.log))
  const m = t(run.options.language)

  /** What the run keeps of an event besides its log entry. */
  const observe = (event: PlannerEvent, now: number) => {
    // Nothing else appends while the planner runs: the event gets the log's next id.
    spans.observe(event, now, run.log.lastId + 1)
    if (event.event_type === "design_document_generated") {
      run.documents.set(event.data.filename, { content: event.data.content, format: event.data.format })
    }
  }
  const forward = (event: PlannerEvent) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      observe(event, now)
      return run.appendAt(event, now)
    })
  /** `forward` with its `now` (see `Emit`): the planner's text chunks are written at the call, off the fiber, when the log has room. */
  const emitter = (clock: Clock.Clock): Emit =>
    Object.assign(forward, {
      now: (event: PlannerEvent) => {
        const now = clock.unsafeCurrentTimeMillis()
        observe(event, now)
        return run.appendNow(event, now)
      }
    })

  // The planner runs in tail position: no frame of this step stays on the fiber while it runs.
  const main = Effect.zipRight(
    run.append(
      makeEvent("connection", {
        status: "connected",
        run_id: run.runId,
        resumed: false,
        dialogue_history_length: run.historyLength,
        config: {
          include_metadata: run.options.includeMetadata,
          buffer_events: run.options.bufferEvents,
          heartbeat_interval: run.options.heartbeatInterval,
          on_disconnect: run.options.onDisconnect,
          language: run.options.language
        },
        server_info: { name: SERVICE_NAME, version: VERSION, features: FEATURES },
        llm: { model: deps.llm.model, demo: deps.llm.demo }
      })
    ),
    // buffer_events regroups the turn's events over time, which a stream expresses best; without
    // it the turn hands each event straight to the log.
    Effect.suspend(() =>
      run.options.bufferEvents
        ? coalesceChunks(deps.bufferWindow)(deps.planner.run(turn)).pipe(Stream.runForEach(forward))
        : Effect.clockWith((clock) => deps.planner.runWith(turn, emitter(clock)))
    )
  )

  /** Writes `complete` and `close` (and whatever must come before them) for this exit. */
  const finish = (exit: Exit.Exit<void>) =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      let status: "completed" | "failed" | "cancelled"
      let result: RunResult
      const emptyResult = (code: string, message: string): RunResult => ({
        success: false,
        session_id: run.sessionId,
        execution_time: run.durationAt(now),
        new_messages: [],
        tool_execution_results_updates: {},
        metadata: {},
        error: { code, message }
      })
      const endWithoutPlanner = (metadata: Record<string, unknown>) =>
        Effect.gen(function* () {
          for (const event of spans.close(now, m.toolCancelled)) yield* run.append(event)
          if (spans.conversationEnd !== null) return
          const data: DataOf<"conversation_end"> = {
            success: false,
            execution_time: run.durationAt(now),
            new_messages_count: 0,
            tool_execution_results_updates: {},
            metadata,
            new_messages: []
          }
          yield* run.append(makeEvent("conversation_end", data))
        })

      if (Exit.isSuccess(exit) && spans.conversationEnd !== null) {
        const end = spans.conversationEnd
        status = end.success ? "completed" : "failed"
        const error = spans.lastError
        result = {
          success: end.success,
          session_id: run.sessionId,
          execution_time: end.execution_time,
          new_messages: end.new_messages,
          tool_execution_results_updates: end.tool_execution_results_updates,
          metadata: end.metadata,
          error: end.success ? null : { code: String(error?.error_details.code ?? "failed"), message: error?.error_message ?? m.internalError }
        }
      } else if (Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause)) {
        status = "cancelled"
        const shutdown = run.cancelReason === "shutdown"
        const code = shutdown ? "shutting_down" : "cancelled"
        const message = shutdown ? m.shuttingDown : m.cancelled
        yield* endWithoutPlanner({ cancelled: true, reason: run.cancelReason ?? "user" })
        result = emptyResult(code, message)
      } else {
        // A defect, or a planner stream that ended without its `conversation_end`.
        status = "failed"
        yield* Effect.logError("run crashed", Exit.isFailure(exit) ? exit.cause : "planner ended without conversation_end")
        for (const event of spans.close(now, m.internalError)) yield* run.append(event)
        yield* run.append(
          makeEvent("error", { error_message: m.internalError, error_details: { code: "internal", error_type: "Defect", retryable: false } })
        )
        yield* endWithoutPlanner({})
        result = emptyResult("internal", m.internalError)
      }

      run.status = status
      run.result = result
      if (deps.onSettled) yield* deps.onSettled(run)
      yield* run.log.append((id) =>
        wrap(run.envelopeContext, makeEvent("complete", { status, result, statistics: statistics(run, id, now) }), now, id - 1)
      )
      const closing = status === "completed" ? m.closeCompleted : status === "failed" ? m.closeFailed : m.closeCancelled
      yield* run.log.append((id) =>
        wrap(
          run.envelopeContext,
          makeEvent("close", { status: "closing", message: closing, final_statistics: statistics(run, id, now) }),
          now,
          id - 1
        )
      )
      run.endedAt = now
      yield* Effect.logInfo("run ended", { status, events: run.log.lastId, duration_s: run.durationAt(now) })
      yield* deps.onEnd(run)
      yield* Deferred.succeed(run.done, undefined)
    })

  // The actor is its run fiber's whole program (`FiberMap.run` in the registry), so the log
  // context is set on the fiber rather than wrapped around the run: a wrapper (`annotateLogs`,
  // `locally`) keeps its restore frames on the fiber's stack for as long as the run lives.
  const logContext = Effect.zipRight(
    FiberRef.update(FiberRef.currentLogAnnotations, (annotations) =>
      HashMap.set(HashMap.set(annotations, "session_id", run.sessionId as unknown), "run_id", run.runId as unknown)
    ),
    // The run outlives the request that started it: its log lines carry no request span.
    FiberRef.set(FiberRef.currentLogSpan, List.empty())
  )
  return Effect.zipRight(logContext, Effect.onExit(main, finish))
}
