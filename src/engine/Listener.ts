/**
 * One listener of a local run — an HTTP connection, or an embedder's stream: a resumed
 * `connection` event when it attaches, `replay_gap` when its cursor fell out of retention, the
 * retained events after its cursor, then live ones through its own bounded queue, with its
 * heartbeat, until `close`.
 */
import { Clock, Deferred, Duration, Effect, Fiber, Option, Queue, Stream } from "effect"
import { type EventOf, makeEvent, type StreamEvent } from "../domain/Events.js"
import type { Language } from "../domain/Language.js"
import { t } from "../planner/i18n/messages.js"
import { connectionEvent } from "./ConnectionEvent.js"
import { wrap } from "./Envelope.js"
import { heartbeats } from "./Heartbeat.js"
import type { Run } from "./Run.js"
import type { ListenerItem } from "./RunLog.js"

export interface ListenerDeps {
  readonly llm: { readonly model: string; readonly demo: boolean }
  /** Completed at the end of a drain: a stream still open then (its client stopped reading) ends. */
  readonly shutdownSignal: Deferred.Deferred<void>
  readonly onOpen: Effect.Effect<void>
  /** The listener went; `remaining` is how many live listeners the run still has (none if it had ended). */
  readonly onClose: (run: Run, remaining: Option.Option<number>) => Effect.Effect<void>
}

export const isClose = (item: ListenerItem) => item.type === "close"

/** The event that tells a listener its cursor fell out of retention, and where replay resumes. */
export const replayGapEvent = (language: Language, first: number): EventOf<"error"> =>
  makeEvent("error", {
    error_message: t(language).replayGap(first),
    error_details: { code: "replay_gap", error_type: "ReplayGap", retryable: false, first_available_id: first }
  })

const transient = (run: Run, event: StreamEvent, now: number): ListenerItem => {
  const envelope = wrap(run.envelopeContext, event, now, run.log.lastId)
  return { id: null, type: event.event_type, envelope, json: JSON.stringify(envelope) }
}

const heartbeat = (run: Run) =>
  Effect.map(Clock.currentTimeMillis, (now) =>
    transient(run, makeEvent("heartbeat", { session_duration: run.durationAt(now), event_count: run.log.lastId }), now)
  )

export const listenToRun = (
  run: Run,
  options: { readonly after: number; readonly resumed: boolean },
  deps: ListenerDeps
): Stream.Stream<ListenerItem> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const attachment = yield* Effect.acquireRelease(Effect.tap(run.log.attach(options.after), () => deps.onOpen), (a) =>
        Effect.flatMap(
          Option.match(a.listener, { onNone: () => Effect.succeed(Option.none<number>()), onSome: (l) => Effect.map(run.log.detach(l), Option.some) }),
          (remaining) => deps.onClose(run, remaining)
        )
      )
      const now = yield* Clock.currentTimeMillis
      const head: Array<ListenerItem> = []
      if (options.resumed) {
        const info = { runId: run.runId, sessionId: run.sessionId, startedAt: run.startedAt, options: run.options, historyLength: run.historyLength, llm: deps.llm }
        head.push(transient(run, connectionEvent(info, true), now))
      }
      if (Option.isSome(attachment.gap)) head.push(transient(run, replayGapEvent(run.options.language, attachment.gap.value), now))
      const replay = Stream.fromIterable<ListenerItem>([...head, ...attachment.replay])
      const consumer = yield* Effect.withFiberRuntime<Fiber.RuntimeFiber<unknown, unknown>>((fiber) => Effect.succeed(fiber))
      yield* Effect.forkScoped(Deferred.await(deps.shutdownSignal).pipe(Effect.zipRight(Fiber.interruptFork(consumer))))
      if (Option.isNone(attachment.listener)) return replay.pipe(Stream.takeUntil(isClose))
      const { queue } = attachment.listener.value
      yield* Effect.forkScoped(heartbeats(Duration.seconds(run.options.heartbeatInterval), heartbeat(run), (beat) => Queue.offer(queue, beat)))
      return Stream.concat(replay, Stream.fromQueue(queue, { maxChunkSize: 16 })).pipe(Stream.takeUntil(isClose))
    })
  )
