/**
 * One listener of a local run — an HTTP connection, or an embedder's stream: a resumed
 * `connection` event when it attaches, `replay_gap` when its cursor fell out of retention, the
 * retained events after its cursor, then live ones through its own bounded queue, with its
 * heartbeat, until `close`.
 */
import { Chunk, Clock, Duration, Effect, type Fiber, Option, Queue, type Scope } from "effect"
import { type EventOf, makeEvent, type StreamEvent } from "../domain/Events.js"
import type { Language } from "../domain/Language.js"
import { t } from "../planner/i18n/messages.js"
import { connectionEvent } from "./ConnectionEvent.js"
import { wrap } from "./Envelope.js"
import type { HeartbeatClock } from "./Heartbeat.js"
import type { Run } from "./Run.js"
import type { ListenerItem } from "./LogEntry.js"
import { type ListenerHandle, offerNow } from "./RunLog.js"
import { addFinalizerPlain } from "../resource/PlainFinalizer.js"

export interface ListenerDeps {
  readonly llm: { readonly model: string; readonly demo: boolean }
  /**
   * Registers the listener's consumer fiber for the life of the scope: interrupted at the end of
   * a drain (a stream still open then, whose client stopped reading, ends), or at once if that
   * has already happened.
   */
  readonly endOnShutdown: (consumer: Fiber.RuntimeFiber<unknown, unknown>) => Effect.Effect<void, never, Scope.Scope>
  readonly onOpen: Effect.Effect<void>
  /** Beats for the listener while it is attached. */
  readonly heartbeat: HeartbeatClock
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

const heartbeatAt = (run: Run, now: number) =>
  transient(run, makeEvent("heartbeat", { session_duration: run.durationAt(now), event_count: run.log.lastId }), now)

/** Items taken from a listener's queue in one step at most. */
const BATCH = 64

/** What a listener hands on at each step: the next items, or the end (None) after `close`. */
export type ListenerPull = Effect.Effect<Chunk.Chunk<ListenerItem>, Option.Option<never>>

/**
 * The same listener without Effect steps per item, for a consumer that writes synchronously (the
 * native SSE body on Node): `poll` gives what is there now, `wait` asks to be called when there is
 * more. What the run appends while the consumer waits is handed to it at once — no queue, no fiber
 * hand-off — which on the path of every token was most of what a listener cost.
 */
export interface ListenerFeed {
  /** The items available now, in order, up to and including `close`; none for now; null once ended. */
  readonly poll: () => ReadonlyArray<ListenerItem> | null
  /**
   * Calls `wake` once, when `poll` has something again or the listener ended. Only after `poll`
   * gave none. Returns what stops the wait.
   */
  readonly wait: (wake: () => void) => () => void
}

/** A listener attached for the life of a scope: as an Effect pull, or (local runs) as the feed the pull is made of. Use one of them. */
export interface Following {
  readonly pull: ListenerPull
  readonly feed: ListenerFeed | undefined
}

/** Ends a batch at `close`, and says whether it did. */
const cutAtClose = (items: ReadonlyArray<ListenerItem>): { readonly items: ReadonlyArray<ListenerItem>; readonly closed: boolean } => {
  const end = items.findIndex(isClose)
  return end === -1 ? { items, closed: false } : { items: items.slice(0, end + 1), closed: true }
}

/**
 * The replay, then the live listener (if the run is still live), up to and including `close`:
 * everything available at once on each poll — per event, the fewest steps between the log and
 * the socket.
 */
const feedUntilClose = (replay: ReadonlyArray<ListenerItem>, listener: ListenerHandle | undefined): ListenerFeed => {
  let pending: ReadonlyArray<ListenerItem> = replay
  let inbox: Array<ListenerItem> = []
  let closed = false
  let ended = false
  const upToClose = (items: ReadonlyArray<ListenerItem>) => {
    const cut = cutAtClose(items)
    closed = cut.closed
    return cut.items
  }
  return {
    poll: () => {
      if (closed) return null
      if (pending.length > 0) {
        const page = pending.slice(0, BATCH * 4)
        pending = pending.slice(page.length)
        return upToClose(page)
      }
      if (inbox.length > 0) {
        const items = inbox
        inbox = []
        return upToClose(items)
      }
      if (ended || listener === undefined) return null
      // None: the queue was shut down (the listener was dropped or detached).
      const size = listener.queue.unsafeSize()
      if (Option.isNone(size)) return null
      if (size.value <= 0) return []
      return upToClose(Chunk.toReadonlyArray(Effect.runSync(Queue.takeUpTo(listener.queue, BATCH))))
    },
    wait: (wake) => {
      if (listener === undefined) {
        wake()
        return () => {}
      }
      const waiting = (item: ListenerItem | null) => {
        if (item === null) ended = true
        else inbox.push(item)
        wake()
      }
      listener.waiting = waiting
      return () => {
        if (listener.waiting === waiting) listener.waiting = undefined
      }
    }
  }
}

/** The feed as an Effect pull: a consumer that is interrupted while it waits stops waiting. */
const pullOf = (feed: ListenerFeed): ListenerPull => {
  const next: ListenerPull = Effect.suspend(() => {
    const items = feed.poll()
    if (items === null) return Effect.fail(Option.none())
    if (items.length > 0) return Effect.succeed(Chunk.unsafeFromArray(items.slice()))
    return Effect.zipRight(
      Effect.async<void>((resume) => Effect.sync(feed.wait(() => resume(Effect.void)))),
      next
    )
  })
  return next
}

/**
 * Detaches the listener when the scope closes. Its own function, so that what the finalizer
 * holds for as long as the stream is open is the listener only, not the attachment's replay.
 */
const detachOnClose = (run: Run, listener: Option.Option<ListenerHandle>, deps: ListenerDeps) =>
  addFinalizerPlain(() =>
    Effect.flatMap(
      Option.match(listener, { onNone: () => Effect.succeed(Option.none<number>()), onSome: (l) => Effect.map(run.log.detach(l), Option.some) }),
      (remaining) => deps.onClose(run, remaining)
    )
  )

/**
 * Attaches a listener to `run` for the life of the current scope and gives its pull. The
 * HTTP routes fuse their framing into it (one stream step per batch, see `ChatRoutes`); anyone
 * else takes it as a stream (`SessionRegistry.listen`).
 */
export const followRun = (
  run: Run,
  options: { readonly after: number; readonly resumed: boolean },
  deps: ListenerDeps
): Effect.Effect<Following, never, Scope.Scope> =>
  Effect.gen(function* () {
    const attachment = yield* Effect.uninterruptible(
      Effect.tap(Effect.tap(run.log.attach(options.after), () => deps.onOpen), (a) => detachOnClose(run, a.listener, deps))
    )
    const now = yield* Clock.currentTimeMillis
    const head: Array<ListenerItem> = []
    if (options.resumed) {
      const info = { runId: run.runId, sessionId: run.sessionId, startedAt: run.startedAt, options: run.options, historyLength: run.historyLength, llm: deps.llm }
      head.push(transient(run, connectionEvent(info, true), now))
    }
    if (Option.isSome(attachment.gap)) head.push(transient(run, replayGapEvent(run.options.language, attachment.gap.value), now))
    // A drain that ends ends this listener too: its consumer (the fiber attaching it — for an HTTP
    // stream on Node the request's own, whose end also ends the body's feeder) is interrupted.
    const consumer = yield* Effect.withFiberRuntime<Fiber.RuntimeFiber<unknown, unknown>>((fiber) => Effect.succeed(fiber))
    yield* deps.endOnShutdown(consumer)
    const replay = [...head, ...attachment.replay]
    const listener = Option.getOrUndefined(attachment.listener)
    if (listener !== undefined) {
      yield* deps.heartbeat.register(Duration.seconds(run.options.heartbeatInterval), (now) => offerNow(listener, heartbeatAt(run, now)))
    }
    const feed = feedUntilClose(replay, listener)
    return { pull: pullOf(feed), feed }
  })
