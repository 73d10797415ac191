/**
 * The log of one run: every event goes through it first. It assigns ids 1, 2, 3… with no gaps,
 * retains events for resume (bounded by count and bytes, oldest evicted first) and fans them
 * out to listeners, each through its own bounded queue — or, to a consumer waiting with nothing
 * queued, straight into its hands (`ListenerHandle.waiting`). While a live listener's queue is full
 * the appending run waits — that is the backpressure — until the listener drains or has been
 * stuck for the send timeout, when it is dropped (the run goes on; the client may resume).
 */
import { Duration, Effect, Option, Queue } from "effect"
import type { Envelope, RunEvent } from "../domain/Events.js"
import { type ListenerItem, LogEntry } from "./LogEntry.js"
import { Retention } from "./Retention.js"

export interface RetentionLimits {
  readonly maxEvents: number
  readonly maxBytes: number
}

export interface ListenerHandle {
  /** Logged entries from the run, and the listener's own heartbeats. */
  readonly queue: Queue.Queue<ListenerItem>
  /** Set when the listener was dropped for not draining; its stream ends. */
  dropped: boolean
  /**
   * Set by a consumer that waits with nothing queued (see `Listener.ListenerFeed`): the next item
   * is handed to it at once instead of through the queue, and `null` tells it the listener ended.
   * Cleared when called. Set only while the queue is empty, so the order stays that of the log.
   */
  waiting: ((item: ListenerItem | null) => void) | undefined
}

/**
 * Hands `item` to the listener: to its waiting consumer if there is one, else into its queue if it
 * has room. Dropped otherwise — for a heartbeat, whose only use is to show an idle connection
 * alive: a full queue has events waiting to go out.
 */
export const offerNow = (listener: ListenerHandle, item: ListenerItem): void => {
  if (!handOver(listener, item)) listener.queue.unsafeOffer(item)
}

/** Hands `item` (null: the listener ended) to the listener's waiting consumer; false if none waits. */
const handOver = (listener: ListenerHandle, item: ListenerItem | null): boolean => {
  const waiting = listener.waiting
  if (waiting === undefined) return false
  listener.waiting = undefined
  waiting(item)
  return true
}

/** Tells a waiting consumer that its listener has ended. */
const endWaiting = (listener: ListenerHandle) => void handOver(listener, null)

export interface Attachment {
  /** Retained entries after the cursor, to send before the live ones. */
  readonly replay: ReadonlyArray<LogEntry>
  /** The first retained id when entries after the cursor were already evicted. */
  readonly gap: Option.Option<number>
  /** Live entries; absent when the log was already closed. */
  readonly listener: Option.Option<ListenerHandle>
}

export interface RunLogOptions {
  readonly retention: RetentionLimits
  readonly queueCapacity: number
  readonly sendTimeout: Duration.DurationInput
  /** Called (outside the append) when a listener is dropped for not draining. */
  readonly onDrop?: (listener: ListenerHandle) => Effect.Effect<void>
  /** Told how long each append took, fan-out (and any wait on backpressure) included. */
  readonly onWritten?: (seconds: number) => void
  /**
   * Each entry, in order, to a store beyond this process. Called when the entry is logged: it
   * returns `Effect.void` when it took the entry there and then, or else the Effect that waits
   * until the store takes it.
   */
  readonly mirror?: (entry: LogEntry) => Effect.Effect<void>
}

export class RunLog {
  private readonly retention: Retention
  private nextId = 1
  private readonly listeners = new Set<ListenerHandle>()
  private blocked = 0
  private closedFlag = false
  private readonly sendTimeout: Duration.Duration

  constructor(private readonly options: RunLogOptions) {
    this.sendTimeout = Duration.decode(options.sendTimeout)
    this.retention = new Retention(options.retention)
  }

  get lastId(): number {
    return this.nextId - 1
  }
  get firstRetainedId(): number {
    return this.retention.firstRetainedId(this.nextId)
  }
  get retainedCount(): number {
    return this.retention.count
  }
  /** UTF-8 bytes of the retained events' JSON. */
  get retainedBytes(): number {
    return this.retention.bytes
  }
  /** The retained entries with ids from `from` on (decoded again: for rare reads, like a replay). */
  retainedSince(from: number): Array<LogEntry> {
    return this.retention.since(from)
  }
  get listenerCount(): number {
    return this.listeners.size
  }
  get closed(): boolean {
    return this.closedFlag
  }
  /** Appends currently waiting for a full listener queue. */
  get blockedAppends(): number {
    return this.blocked
  }
  /** Entries sitting in listener queues. */
  get bufferedEvents(): number {
    let n = 0
    // A queue's size also counts offers waiting for room; only what it holds is buffered.
    for (const l of this.listeners) n += Math.min(l.queue.capacity(), l.queue.unsafeSize().pipe(Option.getOrElse(() => 0)))
    return n
  }

  /** Assigns the next id to an event already wrapped in its envelope, retains it and fans it out. */
  append(build: (id: number) => Envelope<RunEvent>): Effect.Effect<LogEntry> {
    return Effect.suspend(() => {
      const written = this.appendNow(build)
      return written instanceof LogEntry ? Effect.succeed(written) : written
    })
  }

  /**
   * `append`, done at the call as far as it can be: the entry, when it is written in full (the
   * common case: every listener had room, and the mirror, if any, took it at once), otherwise
   * the Effect that finishes it (waiting for room in full queues, or for the mirror). The id, the retention and the
   * listeners with room have their share at the call either way, so an event appended after it
   * — once that Effect has run — still comes after it everywhere.
   */
  appendNow(build: (id: number) => Envelope<RunEvent>): LogEntry | Effect.Effect<LogEntry> {
    if (this.closedFlag) return Effect.dieMessage("append to a closed run log")
    // Metrics only: wall time, not the Effect Clock (which tests may stop).
    const started = this.options.onWritten === undefined ? 0 : performance.now()
    const id = this.nextId++
    const envelope = build(id)
    const entry = new LogEntry(id, envelope.event_type, JSON.stringify(envelope))
    this.retention.push(entry)
    if (entry.type === "close") {
      this.closedFlag = true
      this.retention.seal()
    }
    const { onWritten, mirror } = this.options
    const slow = this.offerToAll(entry)
    const mirrored = mirror === undefined ? Effect.void : mirror(entry)
    if (slow === undefined && mirrored === Effect.void) {
      onWritten?.((performance.now() - started) / 1000)
      return entry
    }
    const fanned = slow === undefined ? Effect.void : this.waitForRoom(slow, entry)
    const written = Effect.as(mirrored === Effect.void ? fanned : Effect.zipRight(fanned, mirrored), entry)
    if (onWritten === undefined) return written
    return Effect.tap(written, () => onWritten((performance.now() - started) / 1000))
  }

  /** Offers to every listener with room; returns those whose queue was full. */
  private offerToAll(entry: LogEntry): Array<ListenerHandle> | undefined {
    let slow: Array<ListenerHandle> | undefined
    for (const listener of this.listeners) {
      // Fastest: a consumer waits with nothing queued and takes the entry itself, here and now.
      if (handOver(listener, entry)) continue
      // Fast: room in the queue, no fiber suspends.
      if (!listener.queue.unsafeOffer(entry)) (slow ??= []).push(listener)
    }
    return slow
  }

  private waitForRoom(slow: ReadonlyArray<ListenerHandle>, entry: LogEntry): Effect.Effect<void> {
    return Effect.forEach(slow, (listener) => this.offerOrDrop(listener, entry), { discard: true })
  }

  private offerOrDrop(listener: ListenerHandle, entry: LogEntry): Effect.Effect<void> {
    return Effect.acquireUseRelease(
      Effect.sync(() => this.blocked++),
      () => Queue.offer(listener.queue, entry).pipe(Effect.timeout(this.sendTimeout)),
      () => Effect.sync(() => this.blocked--)
    ).pipe(
      Effect.catchTag("TimeoutException", () => this.drop(listener)),
      // The listener may leave while we wait: its queue is shut down and the offer ends as an
      // interruption of this offer alone, which must not stop the run.
      Effect.exit,
      Effect.asVoid
    )
  }

  private drop(listener: ListenerHandle): Effect.Effect<void> {
    return Effect.suspend(() => {
      if (!this.listeners.delete(listener)) return Effect.void
      listener.dropped = true
      return Queue.shutdown(listener.queue).pipe(
        Effect.zipRight(Effect.sync(() => endWaiting(listener))),
        Effect.zipRight(this.options.onDrop?.(listener) ?? Effect.void)
      )
    })
  }

  /**
   * Registers a listener for entries after `after` — atomically, so nothing is missed or
   * delivered twice between the replay and the live queue.
   */
  attach(after: number): Effect.Effect<Attachment> {
    return Effect.gen(this, function* () {
      const queue = this.closedFlag ? undefined : yield* Queue.bounded<ListenerItem>(this.options.queueCapacity)
      return this.register(after, queue)
    })
  }

  private register(after: number, queue: Queue.Queue<ListenerItem> | undefined): Attachment {
    const first = this.firstRetainedId
    const gap = after + 1 < first && after < this.lastId ? Option.some(first) : Option.none()
    const from = Math.max(after + 1, first)
    const replay = this.retention.since(from)
    // A closed log may have been closed between the two steps above: then there is nothing live.
    if (queue === undefined || this.closedFlag) return { replay, gap, listener: Option.none() }
    const listener: ListenerHandle = { queue, dropped: false, waiting: undefined }
    this.listeners.add(listener)
    return { replay, gap, listener: Option.some(listener) }
  }

  /** Removes a listener (its connection ended). Returns the number left. */
  detach(listener: ListenerHandle): Effect.Effect<number> {
    return Effect.suspend(() => {
      this.listeners.delete(listener)
      return Queue.shutdown(listener.queue).pipe(
        Effect.zipRight(Effect.sync(() => endWaiting(listener))),
        Effect.as(this.listeners.size)
      )
    })
  }
}
