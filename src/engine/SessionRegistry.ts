/**
 * The session engine: starts runs as actors forked into its own scope (never the request's),
 * one active run per session id, and lets any number of listeners attach to a run, replaying
 * its retained events and then following it live. It is the single source of truth for
 * "is this session busy", for snapshots, and for draining on shutdown.
 */
import { Clock, Context, Data, Deferred, Duration, Effect, Fiber, FiberMap, Layer, Option, ParseResult, Schedule, Schema, type Scope, Stream } from "effect"
import { randomUUID } from "node:crypto"
import { AgentContextRequest, type TurnContext } from "../domain/AgentContext.js"
import type { Language } from "../domain/Language.js"
import { messageText } from "../domain/Message.js"
import type { SessionSnapshot, StatusReport, Totals as TotalsSchema } from "../domain/Resources.js"
import { LanguageModel } from "../llm/LanguageModel.js"
import { Metrics } from "../observability/Metrics.js"
import { chooseLanguage } from "../planner/LanguageChoice.js"
import { Planner } from "../planner/Planner.js"
import type { RunInfo } from "./ConnectionEvent.js"
import { type Following, followRun } from "./Listener.js"
import { Run, runActor, type StoredDocument } from "./Run.js"
import { handleOf, type RunHandle } from "./RunHandle.js"
import type { ListenerItem, LogEntry } from "./LogEntry.js"
import { makeHeartbeatClock } from "./Heartbeat.js"
import { RunLog } from "./RunLog.js"
import { acquireReleasePlain, openScoped } from "../resource/PlainFinalizer.js"
import { type RunMirror, RunStore } from "./RunStore.js"

export type { ListenerItem } from "./LogEntry.js"
export type { Following, ListenerFeed, ListenerPull } from "./Listener.js"
export type { RunHandle, RunOutcome } from "./RunHandle.js"

export class SessionBusy extends Data.TaggedError("SessionBusy")<{ readonly sessionId: string; readonly runId: string }> {}
export class Overloaded extends Data.TaggedError("Overloaded")<{ readonly limit: number; readonly retryAfterSeconds: number }> {}
export class ShuttingDown extends Data.TaggedError("ShuttingDown")<{ readonly retryAfterSeconds: number }> {}
export class NoActiveRun extends Data.TaggedError("NoActiveRun")<{ readonly sessionId: string }> {}
/** A request given to `SessionRegistry.start` that does not match `AgentContextRequest`. */
export class InvalidRequest extends Data.TaggedError("InvalidRequest")<{ readonly message: string }> {}

export interface EngineSettings {
  /** Events buffered per listener before the run waits. */
  readonly queueCapacity: number
  /** A listener that cannot take an event for this long is dropped. */
  readonly sendTimeout: Duration.DurationInput
  readonly retention: { readonly maxEvents: number; readonly maxBytes: number; readonly ttl: Duration.DurationInput }
  readonly maxConcurrentRuns: number
  /** How long active runs may go on finishing after shutdown begins. */
  readonly shutdownGrace: Duration.DurationInput
  /** The `buffer_events` flush window. */
  readonly bufferWindow: Duration.DurationInput
  readonly defaultLanguage: Language
}

/** The snapshot of a run and the engine's status report: the published resources, defined once in `domain/Resources.ts`. */
export type Snapshot = SessionSnapshot

/** A listener of a session's run, here or on another instance: as a stream, or as a scoped pull. */
export interface Attached {
  readonly runId: string
  readonly stream: Stream.Stream<ListenerItem>
  readonly follow: Effect.Effect<Following, never, Scope.Scope>
}
export type Totals = typeof TotalsSchema.Type
export type { StatusReport }

/** Live figures of the engine, for tests, `/api/status` and metrics. */
export interface EngineStats {
  readonly activeRuns: number
  readonly retainedRuns: number
  readonly listeners: number
  /** Events sitting in listener queues, over all runs. */
  readonly bufferedEvents: number
  /** Runs currently waiting for a full listener queue. */
  readonly blockedAppends: number
  readonly totals: Totals
}

export interface SessionRegistryShape {
  readonly start: (request: AgentContextRequest) => Effect.Effect<Run, SessionBusy | Overloaded | ShuttingDown>
  /** The stream of one listener of `run`, from after event `after`; `resumed` adds the attach `connection` event. */
  readonly listen: (run: Run, options: { readonly after: number; readonly resumed: boolean }) => Stream.Stream<ListenerItem>
  /** The same listener as a pull or a feed, attached for the life of the caller's scope (for fused framing). */
  readonly follow: (run: Run, options: { readonly after: number; readonly resumed: boolean }) => Effect.Effect<Following, never, Scope.Scope>
  /** Attach to a session's latest run; none when unknown, expired, or finished with nothing after the cursor. */
  readonly attach: (sessionId: string, after: number) => Effect.Effect<Option.Option<Attached>>
  /** Cancels the session's active run, here or (through the run store) on another instance. */
  readonly cancel: (sessionId: string) => Effect.Effect<{ readonly runId: string }, NoActiveRun>
  /** The session's latest run, if this process runs or ran it and still retains it. */
  readonly find: (sessionId: string) => Effect.Effect<Option.Option<Run>>
  readonly snapshot: (sessionId: string) => Effect.Effect<Option.Option<Snapshot>>
  /** One design document of the session's latest run, by exact name. */
  readonly document: (sessionId: string, filename: string) => Effect.Effect<Option.Option<StoredDocument>>
  readonly status: Effect.Effect<StatusReport>
  readonly stats: Effect.Effect<EngineStats>
  readonly isShuttingDown: Effect.Effect<boolean>
  /**
   * Stop taking runs, give active ones the grace period, cancel the rest, let every stream take
   * its closing events, then end any stream still open. Idempotent.
   */
  readonly drain: Effect.Effect<void>
}

const iso = (ms: number) => new Date(ms).toISOString()

/** How long open streams get to take their closing events after the last run ended. */
const STREAM_DRAIN = Duration.seconds(5)

export const make = (settings: EngineSettings) =>
  Effect.gen(function* () {
    const planner = yield* Planner
    const llm = yield* LanguageModel
    const metrics = yield* Metrics
    const store = yield* RunStore
    const fibers = yield* FiberMap.make<string>()
    // Runs are forked with the registry's own context, not that of the request that started them:
    // a run outlives its request, and a finished run stays retained for resume — inheriting the
    // request's context kept its request, response and socket reachable for as long (about 24 KiB
    // a retained run).
    const forkRun = yield* FiberMap.runtime(fibers)<never>()
    const heartbeat = yield* makeHeartbeatClock
    const runs = new Map<string, Run>()
    const active = new Set<Run>()
    const shutdownSignal = yield* Deferred.make<void>()
    // Consumers of local listeners, ended with the drain (one set, not a waiting fiber each).
    const consumers = new Set<Fiber.RuntimeFiber<unknown, unknown>>()
    let drainEnded = false
    const endOnShutdown = (consumer: Fiber.RuntimeFiber<unknown, unknown>) =>
      acquireReleasePlain(
        Effect.suspend(() => {
          consumers.add(consumer)
          return drainEnded ? Fiber.interruptFork(consumer) : Effect.void
        }),
        () => Effect.sync(() => consumers.delete(consumer))
      )
    const drained = yield* Deferred.make<void>()
    let shuttingDown = false
    let listeners = 0
    const totals = { runs_started: 0, runs_completed: 0, runs_failed: 0, runs_cancelled: 0, events_finished: 0 }
    const ttl = Duration.toMillis(settings.retention.ttl)

    const expired = (run: Run, now: number) => run.endedAt !== null && now - run.endedAt > ttl

    const find = (sessionId: string) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const run = runs.get(sessionId)
        if (run && expired(run, now)) {
          runs.delete(sessionId)
          return Option.none<Run>()
        }
        return Option.fromNullable(run)
      })

    const onEnd = (run: Run) =>
      Effect.sync(() => {
        active.delete(run)
        // The fiber is about to end; a retained run does not keep it (its stack, context and exit).
        run.fiber = null
        totals.events_finished += run.log.lastId
        if (run.status !== "running") metrics.runEnded(run.status)
        if (run.status === "completed") totals.runs_completed++
        else if (run.status === "failed") totals.runs_failed++
        else totals.runs_cancelled++
      })

    const cancelRun = (run: Run, reason: "user" | "disconnect" | "shutdown") =>
      Effect.suspend(() => {
        if (run.status !== "running" || run.cancelReason !== null || run.fiber === null) return Effect.void
        run.cancelReason = reason
        return Effect.logInfo("cancelling run", { reason }).pipe(
          Effect.zipRight(FiberMap.remove(fibers, run.runId).pipe(Effect.forkDaemon)),
          Effect.annotateLogs({ session_id: run.sessionId, run_id: run.runId }),
          Effect.asVoid
        )
      })

    const start = (request: AgentContextRequest) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const done = yield* Deferred.make<void>()
        const runId = `run_${randomUUID().replaceAll("-", "").slice(0, 16)}`
        const lastUser = [...request.dialogue_history].reverse().find((m) => m.role === "user")
        const language = chooseLanguage({
          requested: request.language,
          sessionMetadata: request.session_metadata,
          lastUserText: lastUser ? messageText(lastUser) : "",
          fallback: settings.defaultLanguage
        })
        // Bound when the run's actor opens its mirror; entries are appended only after that.
        let mirror: RunMirror = { append: null, settle: () => Effect.void, end: () => Effect.void }
        const log = new RunLog({
          retention: settings.retention,
          queueCapacity: settings.queueCapacity,
          sendTimeout: settings.sendTimeout,
          onDrop: () => Effect.logWarning("listener dropped: it did not drain within the send timeout").pipe(Effect.annotateLogs({ run_id: runId })),
          onWritten: metrics.eventWritten,
          ...(store.kind === "memory" ? {} : { mirror: (entry: LogEntry) => (mirror.append === null ? Effect.void : mirror.append(entry)) })
        })
        const run = new Run(
          runId,
          request.session_id,
          now,
          {
            includeMetadata: request.include_metadata,
            bufferEvents: request.buffer_events,
            heartbeatInterval: request.heartbeat_interval,
            onDisconnect: request.on_disconnect,
            language
          },
          log,
          request.dialogue_history.length,
          done
        )
        // Across instances first (atomic in the store), then here in one synchronous step: no other
        // fiber can slip in between the check and the reservation.
        if (shuttingDown) return yield* new ShuttingDown({ retryAfterSeconds: 5 })
        const holder = yield* store.claim(request.session_id, runId)
        if (Option.isSome(holder)) return yield* new SessionBusy({ sessionId: request.session_id, runId: holder.value })
        yield* Effect.suspend((): Effect.Effect<void, SessionBusy | Overloaded | ShuttingDown> => {
          if (shuttingDown) return Effect.fail(new ShuttingDown({ retryAfterSeconds: 5 }))
          const current = runs.get(request.session_id)
          if (current?.status === "running") return Effect.fail(new SessionBusy({ sessionId: request.session_id, runId: current.runId }))
          if (active.size >= settings.maxConcurrentRuns) return Effect.fail(new Overloaded({ limit: settings.maxConcurrentRuns, retryAfterSeconds: 5 }))
          runs.set(request.session_id, run)
          active.add(run)
          totals.runs_started++
          metrics.runStarted()
          return Effect.void
        }).pipe(Effect.tapError(() => store.unclaim(request.session_id, runId)))
        const turn: TurnContext = {
          sessionId: request.session_id,
          runId,
          history: request.dialogue_history,
          toolExecutionResults: request.tool_execution_results,
          sessionMetadata: request.session_metadata,
          language
        }
        const info: RunInfo = {
          runId,
          sessionId: request.session_id,
          startedAt: now,
          options: run.options,
          historyLength: request.dialogue_history.length,
          llm: { model: llm.model, demo: llm.demo }
        }
        // The run's scope holds its mirror in the store; the actor runs in tail position, so only
        // the scope's frames stay on the run's fiber while it runs.
        const actor = openScoped(store.open(info), (opened) => {
          mirror = opened
          return runActor(run, turn, {
            planner,
            llm,
            bufferWindow: settings.bufferWindow,
            onSettled: opened.settle,
            onEnd: (ended) => Effect.zipRight(onEnd(ended), opened.end(ended))
          })
        })
        run.fiber = forkRun(runId, actor)
        yield* Effect.logInfo("run started", { language, history: request.dialogue_history.length }).pipe(
          Effect.annotateLogs({ session_id: run.sessionId, run_id: runId })
        )
        return run
      })

    const follow = (run: Run, options: { readonly after: number; readonly resumed: boolean }) =>
      followRun(run, options, {
        llm: { model: llm.model, demo: llm.demo },
        endOnShutdown,
        heartbeat,
        onOpen: Effect.sync(() => listeners++),
        onClose: (closed, remaining) =>
          Effect.suspend(() => {
            listeners--
            // The last listener of a run that cancels on disconnect has gone.
            return Option.contains(remaining, 0) && closed.options.onDisconnect === "cancel" ? cancelRun(closed, "disconnect") : Effect.void
          })
      })
    const listen = (run: Run, options: { readonly after: number; readonly resumed: boolean }): Stream.Stream<ListenerItem> =>
      Stream.fromPull(Effect.map(follow(run, options), (following) => following.pull))

    const attach = (sessionId: string, after: number): Effect.Effect<Option.Option<Attached>> =>
      Effect.flatMap(find(sessionId), (found) => {
        if (Option.isSome(found)) {
          const run = found.value
          // A finished run with nothing after the cursor: 204, so EventSource stops reconnecting.
          return Effect.succeed(
            run.log.closed && after >= run.log.lastId
              ? Option.none()
              : Option.some({ runId: run.runId, stream: listen(run, { after, resumed: true }), follow: follow(run, { after, resumed: true }) })
          )
        }
        return Effect.flatMap(store.remote(sessionId), (remote) =>
          Option.match(remote, {
            onNone: () => Effect.succeed(Option.none()),
            onSome: (r) =>
              Effect.map(
                r.listen(after),
                Option.map((remote) => {
                  const stream = countListener(remote)
                  return { runId: r.runId, stream, follow: Effect.map(Stream.toPull(stream), (pull): Following => ({ pull, feed: undefined })) }
                })
              )
          })
        )
      })

    /** Counts a listener of another instance's run among this registry's listeners. */
    const countListener = (stream: Stream.Stream<ListenerItem>): Stream.Stream<ListenerItem> =>
      Stream.unwrapScoped(
        Effect.as(
          acquireReleasePlain(
            Effect.sync(() => listeners++),
            () => Effect.sync(() => listeners--)
          ),
          stream.pipe(Stream.interruptWhenDeferred(shutdownSignal))
        )
      )

    const cancel = (sessionId: string) =>
      Effect.flatMap(find(sessionId), (found) => {
        if (Option.isSome(found) && found.value.status === "running") {
          return Effect.as(cancelRun(found.value, "user"), { runId: found.value.runId })
        }
        return Effect.flatMap(store.requestCancel(sessionId), (requested) =>
          Option.match(requested, {
            onNone: () => Effect.fail(new NoActiveRun({ sessionId })),
            onSome: (runId) => Effect.succeed({ runId })
          })
        )
      })

    const document = (sessionId: string, filename: string) =>
      Effect.flatMap(find(sessionId), (found) =>
        Option.isSome(found)
          ? Effect.succeed(Option.fromNullable(found.value.documents.get(filename)))
          : Effect.flatMap(store.remote(sessionId), (remote) =>
              Option.match(remote, { onNone: () => Effect.succeed(Option.none()), onSome: (r) => r.document(filename) })
            )
      )

    const snapshotOf = (run: Run): Snapshot => ({
      session_id: run.sessionId,
      run_id: run.runId,
      status: run.status,
      started_at: iso(run.startedAt),
      ended_at: run.endedAt === null ? null : iso(run.endedAt),
      event_count: run.log.lastId,
      last_event_id: run.log.lastId,
      listeners: run.log.listenerCount,
      documents: [...run.documents].map(([filename, d]) => ({ filename, format: d.format, bytes: Buffer.byteLength(d.content) })),
      result: run.result
    })

    const currentTotals = (): Totals => {
      let live = 0
      for (const run of active) live += run.log.lastId
      const { events_finished, ...rest } = totals
      return { ...rest, events_emitted: events_finished + live }
    }

    const status = Effect.map(Clock.currentTimeMillis, (now): StatusReport => ({
      status: "running",
      active_sessions: active.size,
      sessions: [...active].map((run) => ({
        session_id: run.sessionId,
        run_id: run.runId,
        status: run.status,
        started_at: iso(run.startedAt),
        events: run.log.lastId,
        listeners: run.log.listenerCount
      })),
      totals: currentTotals(),
      timestamp: iso(now)
    }))

    const stats = Effect.sync((): EngineStats => {
      let buffered = 0
      let blocked = 0
      for (const run of runs.values()) {
        buffered += run.log.bufferedEvents
        blocked += run.log.blockedAppends
      }
      return { activeRuns: active.size, retainedRuns: runs.size, listeners, bufferedEvents: buffered, blockedAppends: blocked, totals: currentTotals() }
    })

    // The drain runs as a finalizer, which is uninterruptible — and a timeout cannot cut short an
    // uninterruptible wait. The waits are made interruptible so their time limits hold.
    const awaitRuns = (list: ReadonlyArray<Run>, within: Duration.DurationInput) =>
      Effect.forEach(list, (run) => Deferred.await(run.done), { concurrency: "unbounded", discard: true }).pipe(
        Effect.interruptible,
        Effect.timeout(within),
        Effect.ignore
      )

    const drainOnce = Effect.gen(function* () {
      shuttingDown = true
      const running = [...active]
      yield* Effect.logInfo("shutdown: draining", { active_runs: running.length, listeners })
      yield* awaitRuns(running, settings.shutdownGrace)
      const left = [...active]
      yield* Effect.forEach(left, (run) => cancelRun(run, "shutdown"), { discard: true })
      yield* awaitRuns(left, STREAM_DRAIN)
      // Let open streams write their closing events, then end whatever is still open.
      yield* Effect.sync(() => listeners).pipe(
        Effect.repeat({ schedule: Schedule.spaced("20 millis"), until: (n) => n === 0 }),
        Effect.interruptible,
        Effect.timeout(STREAM_DRAIN),
        Effect.ignore
      )
      drainEnded = true
      yield* Deferred.succeed(shutdownSignal, undefined)
      for (const consumer of consumers) yield* Fiber.interruptFork(consumer)
      yield* Effect.logInfo("shutdown: drained")
    })
    const drain = Effect.suspend(() => (shuttingDown ? Deferred.await(drained) : drainOnce.pipe(Effect.zipRight(Deferred.succeed(drained, undefined)), Effect.asVoid)))

    // Finished runs stay attachable for the retention time, then go: the registry never only grows.
    const sweepEvery = Duration.millis(Math.max(1000, ttl / 10))
    yield* Effect.forkScoped(
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.sync(() => {
          for (const [id, run] of runs) if (expired(run, now)) runs.delete(id)
        })
      ).pipe(Effect.repeat(Schedule.spaced(sweepEvery)))
    )
    // Cancel requests made on other instances for runs this one runs.
    yield* Effect.forkScoped(
      store.cancelRequests.pipe(
        Stream.runForEach((runId) =>
          Effect.suspend(() => {
            for (const run of active) if (run.runId === runId) return cancelRun(run, "user")
            return Effect.void
          })
        )
      )
    )
    // Added after the FiberMap, so it runs before the FiberMap interrupts what is left.
    yield* Effect.addFinalizer(() => drain)

    return {
      start,
      listen,
      follow,
      attach,
      cancel,
      find,
      snapshot: (sessionId: string) =>
        Effect.flatMap(find(sessionId), (found) =>
          Option.isSome(found)
            ? Effect.succeed(Option.some(snapshotOf(found.value)))
            : Effect.flatMap(store.remote(sessionId), (remote) =>
                Option.match(remote, { onNone: () => Effect.succeed(Option.none()), onSome: (r) => Effect.map(r.snapshot, Option.some) })
              )
        ),
      document,
      status,
      stats,
      isShuttingDown: Effect.sync(() => shuttingDown),
      drain
    } satisfies SessionRegistryShape
  })

const decodeRequest = Schema.decodeUnknown(AgentContextRequest, { errors: "all" })

export class SessionRegistry extends Context.Tag("gtplanner/SessionRegistry")<SessionRegistry, SessionRegistryShape>() {
  static layer(settings: EngineSettings): Layer.Layer<SessionRegistry, never, Planner | LanguageModel> {
    return Layer.scoped(SessionRegistry, make(settings))
  }

  /**
   * Starts a run from a request body as an HTTP client would send it (defaults filled in), in the
   * registry's scope: it goes on whether or not anyone follows its events.
   */
  static start(
    request: typeof AgentContextRequest.Encoded
  ): Effect.Effect<RunHandle, InvalidRequest | SessionBusy | Overloaded | ShuttingDown, SessionRegistry> {
    return Effect.gen(function* () {
      const registry = yield* SessionRegistry
      const decoded = yield* decodeRequest(request).pipe(
        Effect.mapError((error) => new InvalidRequest({ message: ParseResult.TreeFormatter.formatErrorSync(error) }))
      )
      return handleOf(registry, yield* registry.start(decoded))
    })
  }

  /** The session's latest run, if it is still retained. */
  static find(sessionId: string): Effect.Effect<Option.Option<RunHandle>, never, SessionRegistry> {
    return Effect.flatMap(SessionRegistry, (registry) => Effect.map(registry.find(sessionId), Option.map((run) => handleOf(registry, run))))
  }

  /**
   * Attaches to the session's latest run as `GET …/events` does: a resumed `connection` event, the
   * retained events after `after`, then live until `close`. None when there is nothing to follow.
   */
  static attach(sessionId: string, after = 0): Effect.Effect<Option.Option<Stream.Stream<ListenerItem>>, never, SessionRegistry> {
    return Effect.flatMap(SessionRegistry, (registry) => Effect.map(registry.attach(sessionId, after), Option.map((a) => a.stream)))
  }

  /** Cancels the session's active run. */
  static cancel(sessionId: string): Effect.Effect<void, NoActiveRun, SessionRegistry> {
    return Effect.flatMap(SessionRegistry, (registry) => Effect.asVoid(registry.cancel(sessionId)))
  }

  /** The snapshot `GET /api/sessions/{session_id}` serves. */
  static snapshot(sessionId: string): Effect.Effect<Option.Option<Snapshot>, never, SessionRegistry> {
    return Effect.flatMap(SessionRegistry, (registry) => registry.snapshot(sessionId))
  }
}
