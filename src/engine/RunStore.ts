/**
 * Where runs are known beyond this process: the session-busy check, cancel, snapshots, documents
 * and the log of a run that another instance is running. Two backends: in memory (the default,
 * nothing to install — every run is local and this store has nothing to add) and Redis Streams
 * (`GTPLANNER_REDIS_URL`, see `redis/RedisRunStore.ts`), with which any instance can serve,
 * resume and cancel any run.
 */
import { Context, Effect, Option, type Scope, Stream } from "effect"
import type { SessionSnapshot as Snapshot } from "../domain/Resources.js"
import type { RunInfo } from "./ConnectionEvent.js"
import type { Run, StoredDocument } from "./Run.js"
import type { ListenerItem, LogEntry } from "./LogEntry.js"

/** What a local run tells the store while it runs. */
export interface RunMirror {
  /**
   * Every logged entry, in order, called as it is logged: `Effect.void` when the entry was taken
   * at the call, else the Effect that waits (backpressure) while the store is behind.
   */
  readonly append: ((entry: LogEntry) => Effect.Effect<void>) | null
  /** The outcome is known (before `complete` and `close` are written): the session is given back. */
  readonly settle: (run: Run) => Effect.Effect<void>
  /** The run has written `close`: everything is stored. */
  readonly end: (run: Run) => Effect.Effect<void>
}

/** A run held by another instance, as this one can see it. */
export interface RemoteRun {
  readonly runId: string
  readonly snapshot: Effect.Effect<Snapshot>
  readonly document: (filename: string) => Effect.Effect<Option.Option<StoredDocument>>
  /**
   * Its events after `after` — a resumed `connection` first — then live until `close`; none when
   * it has ended with nothing after the cursor.
   */
  readonly listen: (after: number) => Effect.Effect<Option.Option<Stream.Stream<ListenerItem>>>
}

export interface RunStoreShape {
  readonly kind: "memory" | "redis"
  /** Reserves the session for `runId` across instances; the run id holding it when it is busy. */
  readonly claim: (sessionId: string, runId: string) => Effect.Effect<Option.Option<string>>
  /** Gives a claim back without running (the run could not start after all). */
  readonly unclaim: (sessionId: string, runId: string) => Effect.Effect<void>
  /** Opens the mirror of a local run for its lifetime (keeps its claim alive, stores its log). */
  readonly open: (info: RunInfo) => Effect.Effect<RunMirror, never, Scope.Scope>
  /** The session's latest run when another instance holds or held it. */
  readonly remote: (sessionId: string) => Effect.Effect<Option.Option<RemoteRun>>
  /** Asks the instance running the session's active run to cancel it; that run's id if there is one. */
  readonly requestCancel: (sessionId: string) => Effect.Effect<Option.Option<string>>
  /** Cancel requests for runs, from any instance (this instance cancels those it runs). */
  readonly cancelRequests: Stream.Stream<string>
}

/** One process, every run local: the registry's own maps are the whole truth. */
export const memoryStore: RunStoreShape = {
  kind: "memory",
  claim: () => Effect.succeed(Option.none()),
  unclaim: () => Effect.void,
  open: () => Effect.succeed({ append: null, settle: () => Effect.void, end: () => Effect.void }),
  remote: () => Effect.succeed(Option.none()),
  requestCancel: () => Effect.succeed(Option.none()),
  cancelRequests: Stream.never
}

export class RunStore extends Context.Reference<RunStore>()("gtplanner/RunStore", { defaultValue: () => memoryStore }) {}
