/**
 * What an embedder holds for a run it started through the engine: its ids, its events (replayed
 * from any point and followed live, as an HTTP listener gets them), its outcome, and cancel. A
 * view over the registry's `Run`, whose mutable bookkeeping stays inside the engine.
 */
import { Deferred, Effect, Option } from "effect"
import type { Stream } from "effect"
import type { RunResult } from "../domain/Events.js"
import type { Run } from "./Run.js"
import type { ListenerItem } from "./LogEntry.js"
import type { SessionRegistryShape } from "./SessionRegistry.js"

export interface RunOutcome {
  readonly status: "completed" | "failed" | "cancelled"
  readonly result: RunResult
}

export interface RunHandle {
  readonly runId: string
  readonly sessionId: string
  /** The run's logged events after id `after` (default 0: all retained), then live until `close`. */
  readonly events: (after?: number) => Stream.Stream<ListenerItem>
  /** Waits until the run has ended (written `close`). */
  readonly outcome: Effect.Effect<RunOutcome>
  /** Cancels this run if it is still active; a no-op otherwise (never another run of the session). */
  readonly cancel: Effect.Effect<void>
}

export const handleOf = (registry: SessionRegistryShape, run: Run): RunHandle => ({
  runId: run.runId,
  sessionId: run.sessionId,
  events: (after = 0) => registry.listen(run, { after, resumed: false }),
  outcome: Effect.zipRight(
    Deferred.await(run.done),
    // `done` completes only after the run wrote `complete`, which sets both.
    Effect.suspend(() =>
      run.status === "running" || run.result === null
        ? Effect.dieMessage("a finished run has a status and a result")
        : Effect.succeed({ status: run.status, result: run.result })
    )
  ),
  cancel: Effect.flatMap(registry.find(run.sessionId), (found) =>
    Option.contains(found, run) && run.status === "running" ? Effect.ignore(registry.cancel(run.sessionId)) : Effect.void
  )
})
