/**
 * A local run, mirrored into Redis while it runs: its session lease renewed, every logged entry
 * appended to its stream (in pipelined batches by one writer, so order holds and a slow Redis
 * slows the run instead of growing memory), documents kept by name, and at the end its outcome
 * stored and its keys set to expire after the retention time. Its session is released as soon as
 * its outcome is known, before its last events are written.
 */
import { Data, Deferred, Duration, Effect, Queue, Schedule, type Scope } from "effect"
import type { Redis } from "ioredis"
import type { RunInfo } from "../ConnectionEvent.js"
import type { Run } from "../Run.js"
import type { LogEntry } from "../LogEntry.js"
import type { RunMirror } from "../RunStore.js"
import { entryId, RELEASE_LEASE, RENEW_LEASE, type RedisKeys } from "./RedisKeys.js"

export class RedisFailure extends Data.TaggedError("RedisFailure")<{ readonly operation: string; readonly cause: unknown }> {
  override get message() {
    return `redis ${this.operation} failed: ${this.cause instanceof Error ? this.cause.message : String(this.cause)}`
  }
}

export const redisCall = <A>(operation: string, run: () => Promise<A>): Effect.Effect<A, RedisFailure> =>
  Effect.tryPromise({ try: run, catch: (cause) => new RedisFailure({ operation, cause }) })

export interface RedisContext {
  readonly redis: Redis
  readonly keys: RedisKeys
  readonly instanceId: string
  readonly retentionEvents: number
  readonly retentionMs: number
  readonly leaseMs: number
}

/** Entries written per pipeline at most. */
const BATCH = 256
/** Entries waiting for the writer before the run waits for it. */
const BACKLOG = 1024

type Marker = { readonly kind: "settle" | "end"; readonly run: Run; readonly done: Deferred.Deferred<void> }
type Item = LogEntry | Marker

const retry = Schedule.exponential("50 millis").pipe(Schedule.intersect(Schedule.recurs(3)))

export const openMirror = (ctx: RedisContext, info: RunInfo): Effect.Effect<RunMirror, never, Scope.Scope> =>
  Effect.gen(function* () {
    const { redis, keys } = ctx
    const { runId, sessionId } = info
    // While it runs, a run's keys outlive a lost instance by the retention time at most.
    const liveTtl = ctx.retentionMs + ctx.leaseMs
    yield* redisCall("start run", () =>
      redis
        .multi()
        .del(keys.events(runId), keys.docs(runId))
        .hset(keys.meta(runId), {
          run_id: runId,
          session_id: sessionId,
          status: "running",
          started_at: String(info.startedAt),
          ended_at: "",
          event_count: "0",
          info: JSON.stringify(info),
          instance: ctx.instanceId,
          result: ""
        })
        .pexpire(keys.meta(runId), liveTtl)
        .set(keys.sessionRun(sessionId), runId, "PX", liveTtl)
        .exec()
    ).pipe(Effect.retry(retry), Effect.catchAll((e) => Effect.logError("run not mirrored to redis", e.message)))

    const renew = redisCall("renew lease", () => redis.eval(RENEW_LEASE, 1, keys.lease(sessionId), runId, String(ctx.leaseMs))).pipe(
      Effect.tap((renewed) => (renewed === 1 ? Effect.void : Effect.logWarning("the session lease was lost; another instance may take the session"))),
      Effect.catchAll((e) => Effect.logWarning(e.message))
    )
    // The keys' expiry is pushed back with the lease, not with every write: at a model's pace a
    // write is often a single event, and three more commands for it tripled the run's Redis work.
    const refreshExpiry = redisCall("refresh expiry", () =>
      redis
        .multi()
        .pexpire(keys.events(runId), liveTtl)
        .pexpire(keys.docs(runId), liveTtl)
        .pexpire(keys.meta(runId), liveTtl)
        .pexpire(keys.sessionRun(sessionId), liveTtl)
        .exec()
    ).pipe(Effect.catchAll((e) => Effect.logWarning(e.message)))
    // The first renewal a third of a lease after the start: the claim and "start run" above have
    // just set the lease and the expiries.
    const keepAliveEvery = Duration.millis(ctx.leaseMs / 3)
    const keepAlive = Effect.repeat(Effect.zipRight(renew, refreshExpiry), Schedule.spaced(keepAliveEvery))
    yield* Effect.forkScoped(Effect.zipRight(Effect.sleep(keepAliveEvery), keepAlive))
    // Keys created by a write get their expiry in that same write (a lost instance leaves nothing behind).
    let eventsExpire = false

    const writeEntries = (entries: ReadonlyArray<LogEntry>) =>
      redisCall("append events", () => {
        const pipeline = redis.pipeline()
        for (const entry of entries) {
          pipeline.xadd(keys.events(runId), "MAXLEN", "~", ctx.retentionEvents, entryId(entry.id), "t", entry.type, "d", entry.json)
          if (entry.type === "design_document_generated") {
            const envelope = entry.envelope
            if (envelope.event_type === "design_document_generated") {
              pipeline.hset(keys.docs(runId), envelope.data.filename, JSON.stringify({ format: envelope.data.format, content: envelope.data.content }))
              pipeline.pexpire(keys.docs(runId), liveTtl)
            }
          }
        }
        const firstWrite = !eventsExpire
        if (firstWrite) pipeline.pexpire(keys.events(runId), liveTtl)
        const last = entries[entries.length - 1]!
        // After `settle` the final count is already stored; `complete` and `close` must not lower it.
        if (last.type !== "complete" && last.type !== "close") {
          pipeline.hset(keys.meta(runId), "event_count", String(last.id))
        }
        return pipeline.exec().then((replies) => {
          if (firstWrite) eventsExpire = true
          return replies
        })
      })

    /**
     * The outcome, stored once every event before it is: the final facts (with the ids `complete`
     * and `close` will get) and the session given back — all before `complete` and `close` are
     * written, so whoever reads `close` finds the session free and the snapshot final everywhere,
     * and no listener mistakes the free session for a lost instance.
     */
    const settle = (run: Run) =>
      redisCall("settle run", () =>
        redis
          .multi()
          .hset(keys.meta(runId), {
            status: run.status,
            ended_at: String(run.endedAt ?? Date.now()),
            event_count: String(run.log.lastId + 2),
            result: JSON.stringify(run.result)
          })
          .eval(RELEASE_LEASE, 1, keys.lease(sessionId), runId)
          .exec()
      )

    /** After `close`: everything expires the retention time from now. */
    const expire = redisCall("expire run", () =>
      redis
        .multi()
        .pexpire(keys.events(runId), ctx.retentionMs)
        .pexpire(keys.docs(runId), ctx.retentionMs)
        .pexpire(keys.meta(runId), ctx.retentionMs)
        .pexpire(keys.sessionRun(sessionId), ctx.retentionMs)
        .exec()
    )

    const queue = yield* Queue.bounded<Item>(BACKLOG)
    // A failed write is logged, not fatal: the run and its local listeners go on regardless.
    const safely = <A>(effect: Effect.Effect<A, RedisFailure>) => effect.pipe(Effect.retry(retry), Effect.catchAll((e) => Effect.logError(e.message)))
    const writer = Effect.gen(function* () {
      const items = yield* Queue.takeBetween(queue, 1, BATCH)
      const entries: Array<LogEntry> = []
      for (const item of items) {
        if ("kind" in item) {
          if (entries.length > 0) yield* safely(writeEntries(entries.splice(0)))
          yield* safely(item.kind === "settle" ? settle(item.run) : expire)
          yield* Deferred.succeed(item.done, undefined)
        } else {
          entries.push(item)
        }
      }
      if (entries.length > 0) yield* safely(writeEntries(entries))
    }).pipe(Effect.forever)
    yield* Effect.forkScoped(writer)

    /** Waits until the writer has handled everything before this marker — bounded, so a Redis that stopped answering cannot hold the run's ending forever. */
    const mark = (kind: Marker["kind"], run: Run) =>
      Effect.gen(function* () {
        const done = yield* Deferred.make<void>()
        yield* Queue.offer(queue, { kind, run, done })
        yield* Deferred.await(done).pipe(Effect.interruptible, Effect.timeout(Duration.seconds(10)), Effect.ignore)
      })

    return {
      // Taken at the call while the backlog has room: no step on the run's fiber per event.
      append: (entry: LogEntry) => (queue.unsafeOffer(entry) ? Effect.void : Queue.offer(queue, entry).pipe(Effect.asVoid)),
      settle: (run: Run) => mark("settle", run),
      end: (run: Run) => mark("end", run)
    }
  })
