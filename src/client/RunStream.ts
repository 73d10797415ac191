/**
 * One run as the client sees it: its events, decoded, in order, each exactly once — across
 * dropped connections, which it resumes by re-attaching with the last event id it received
 * (backing off, up to a limit). Iterate it (`for await`), or register callbacks and await
 * `result()`; both see the same events.
 */
import { NetworkError, ProtocolError, ReconnectFailed, RunLost, StreamClosed } from "./Errors.js"
import { readSse, type SseMessage } from "./SseReader.js"
import type { ClientEvent, DataOf, EventOf, EventType, RunCompletion } from "./Types.js"

/** How a dropped stream is resumed. Delays grow from `initialDelayMs` by `factor` up to `maxDelayMs`, with jitter. */
export interface ReconnectOptions {
  /** Consecutive failed attempts before giving up with `ReconnectFailed` (0: never re-attach). Default 5. */
  readonly maxAttempts?: number
  /** Default 250. */
  readonly initialDelayMs?: number
  /** Default 5000. */
  readonly maxDelayMs?: number
  /** Default 2. */
  readonly factor?: number
}

export interface ReconnectInfo {
  /** 1 for the first attempt after a drop; back to 1 once events flow again. */
  readonly attempt: number
  /** Events after this id are requested. */
  readonly lastEventId: number
  /** Why the previous connection ended. */
  readonly reason: unknown
}

export type EventHandlers = { readonly [T in EventType]?: (data: DataOf<T>, event: EventOf<T> & ClientEvent) => void }

/** What to do with a run's events besides iterating them. */
export interface RunOptions {
  /** Aborting it closes the connection and ends the stream with `StreamClosed` (the run goes on, server-side). */
  readonly signal?: AbortSignal
  /** Every delivered event, before the iterator yields it. */
  readonly onEvent?: (event: ClientEvent) => void
  /** Per event type, with its typed `data`. */
  readonly on?: EventHandlers
  /** Before each attempt to resume a dropped stream. */
  readonly onReconnect?: (info: ReconnectInfo) => void
  /** Heartbeats are not delivered as events unless `includeHeartbeats`; this sees them either way. */
  readonly onHeartbeat?: (data: DataOf<"heartbeat">) => void
  readonly includeHeartbeats?: boolean
  readonly reconnect?: ReconnectOptions
  /**
   * A connection silent for this long is treated as dropped and resumed. Default: twice the run's
   * heartbeat interval plus 5 s, so a live stream (which always heartbeats) is never cut.
   */
  readonly idleTimeoutMs?: number
}

/** How the stream reaches the server again; supplied by the client. */
export interface Transport {
  /** `GET …/events` with `Last-Event-ID: after`. */
  readonly attach: (after: number, signal: AbortSignal) => Promise<Response>
  /** `POST …/cancel`; false when nothing was running. */
  readonly cancel: () => Promise<boolean>
  /** Turns a non-stream response into the error it stands for. */
  readonly refusal: (response: Response) => Promise<Error>
}

/** How one connection ended. */
interface Connection {
  readonly ended: boolean
  readonly delivered: boolean
  readonly reason?: unknown
}

const DEFAULT_RECONNECT = { maxAttempts: 5, initialDelayMs: 250, maxDelayMs: 5000, factor: 2 } as const
const DEFAULT_HEARTBEAT_S = 30

/** A promise with its settle functions, and a no-op catch so an unobserved failure is not "unhandled". */
const deferred = <A>() => {
  let resolve!: (value: A) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<A>((res, rej) => {
    resolve = res
    reject = rej
  })
  promise.catch(() => undefined)
  return { promise, resolve, reject }
}

const isEventStream = (response: Response) => (response.headers.get("content-type") ?? "").startsWith("text/event-stream")

export class RunStream implements AsyncIterable<ClientEvent> {
  /** Id of the last event received: where a resume starts from. */
  lastEventId: number
  /** Set once the run has ended (the `complete` event arrived). */
  completion: RunCompletion | undefined
  private readonly handlers: Array<(event: ClientEvent) => void> = []
  private readonly done = deferred<RunCompletion>()
  private readonly closer = new AbortController()
  private readonly reconnect: Required<ReconnectOptions>
  private heartbeatSeconds: number
  private pump: AsyncGenerator<ClientEvent> | undefined
  private iterated = false
  private reading = false

  constructor(
    readonly sessionId: string,
    /** From the response's `X-Run-Id`. */
    readonly runId: string,
    private readonly first: Response,
    private readonly transport: Transport,
    private readonly options: RunOptions & { readonly after?: number; readonly heartbeatInterval?: number } = {}
  ) {
    this.lastEventId = options.after ?? 0
    this.heartbeatSeconds = options.heartbeatInterval ?? DEFAULT_HEARTBEAT_S
    this.reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect }
    if (options.onEvent) this.handlers.push(options.onEvent)
    if (options.on) this.handlers.push(dispatcher(options.on))
    this.closer.signal.addEventListener(
      "abort",
      () => {
        // Closed before anyone read it: nothing else will release the first response.
        if (this.reading) return
        void first.body?.cancel().catch(() => undefined)
        this.done.reject(new StreamClosed())
      },
      { once: true }
    )
    if (options.signal?.aborted) this.close()
    options.signal?.addEventListener("abort", () => this.close(), { once: true })
  }

  /** Calls `handler` with the typed `data` of every event of this type; returns the unsubscribe function. */
  on<T extends EventType>(type: T, handler: (data: DataOf<T>, event: EventOf<T> & ClientEvent) => void): () => void {
    const listener = dispatcher({ [type]: handler } as EventHandlers)
    this.handlers.push(listener)
    return () => {
      const index = this.handlers.indexOf(listener)
      if (index >= 0) this.handlers.splice(index, 1)
    }
  }

  /** The events, in order, each once. Can be iterated once; leaving the loop early closes the stream. */
  [Symbol.asyncIterator](): AsyncIterator<ClientEvent> {
    if (this.iterated) throw new Error("A RunStream can be iterated only once.")
    this.iterated = true
    return this.events()
  }

  /**
   * The run's outcome, once it has ended — `completed`, `failed` or `cancelled` alike (a failed run
   * is a result, not an exception). Consumes the stream unless it is being iterated. Rejects with
   * a `ClientError` when the stream cannot be followed to its end.
   */
  result(): Promise<RunCompletion> {
    if (!this.iterated) {
      this.iterated = true
      void (async () => {
        for await (const _ of this.events());
      })().catch(() => undefined)
    }
    return this.done.promise
  }

  /** Asks the server to cancel the run; the stream then ends with `complete{status:"cancelled"}`. False if it was not running. */
  cancel(): Promise<boolean> {
    return this.transport.cancel()
  }

  /** Stops listening (the run itself goes on, unless it was started with `on_disconnect: "cancel"`). */
  close(): void {
    this.closer.abort()
  }

  private events(): AsyncGenerator<ClientEvent> {
    this.pump ??= this.follow()
    return this.pump
  }

  private async *follow(): AsyncGenerator<ClientEvent> {
    this.reading = true
    try {
      let response: Response | undefined = this.first
      let opening = true
      let failures = 0
      let reason: unknown = undefined
      for (;;) {
        if (response !== undefined) {
          const outcome = yield* this.read(response, opening)
          if (outcome.ended) return
          if (outcome.delivered) failures = 0
          reason = outcome.reason
        }
        opening = false
        if (this.closer.signal.aborted) throw new StreamClosed()
        failures++
        if (failures > this.reconnect.maxAttempts) throw new ReconnectFailed(failures - 1, this.lastEventId, { cause: reason })
        this.options.onReconnect?.({ attempt: failures, lastEventId: this.lastEventId, reason })
        await this.sleep(this.backoff(failures))
        response = undefined
        try {
          const next = await this.transport.attach(this.lastEventId, this.closer.signal)
          if (next.status === 204) throw new RunLost(this.sessionId, this.lastEventId)
          if (next.ok && isEventStream(next)) response = next
          else if (next.status >= 500 || next.status === 429) reason = await this.transport.refusal(next)
          else throw await this.transport.refusal(next)
        } catch (error) {
          if (this.closer.signal.aborted) throw new StreamClosed()
          if (!(error instanceof TypeError) && !(error instanceof NetworkError)) throw error
          reason = error
        }
      }
    } catch (error) {
      this.done.reject(error)
      throw error
    } finally {
      // Leaving the loop before the end (break, error, close) leaves nothing connected.
      this.closer.abort()
      this.done.reject(new StreamClosed())
    }
  }

  /** Delivers one connection's new events; says whether the run ended, and whether anything new came. */
  private async *read(response: Response, opening: boolean): AsyncGenerator<ClientEvent, Connection> {
    if (response.body === null) return { ended: false, delivered: false, reason: new ProtocolError("The event stream has no body.") }
    if (this.closer.signal.aborted) {
      void response.body.cancel().catch(() => undefined)
      throw new StreamClosed()
    }
    const connection = new AbortController()
    const stop = () => connection.abort()
    this.closer.signal.addEventListener("abort", stop, { once: true })
    let idle: ReturnType<typeof setTimeout> | undefined
    const alive = () => {
      clearTimeout(idle)
      idle = setTimeout(stop, this.options.idleTimeoutMs ?? (2 * this.heartbeatSeconds + 5) * 1000)
    }
    let delivered = false
    try {
      alive()
      const messages = readSse(response.body, { onBytes: alive, signal: connection.signal })
      for (;;) {
        let next: IteratorResult<SseMessage>
        try {
          next = await messages.next()
        } catch (error) {
          // The connection failed: resume, unless this client is the one that closed it.
          if (this.closer.signal.aborted) throw new StreamClosed()
          return { ended: false, delivered, reason: error }
        }
        if (next.done === true) break
        const event = this.accept(next.value, opening)
        if (event === undefined) continue
        delivered = true
        for (const handler of [...this.handlers]) handler(event)
        yield event
        if (event.event_type === "close") {
          if (this.completion === undefined) throw new ProtocolError("The stream closed without a complete event.")
          this.done.resolve(this.completion)
          return { ended: true, delivered }
        }
      }
      if (this.closer.signal.aborted) throw new StreamClosed()
      const reason = connection.signal.aborted
        ? new NetworkError("The event stream went silent (no heartbeat).")
        : new NetworkError("The event stream ended before its close event.")
      return { ended: false, delivered, reason }
    } finally {
      clearTimeout(idle)
      this.closer.signal.removeEventListener("abort", stop)
      connection.abort()
    }
  }

  /** The event of a message, or undefined when it is not delivered (seen before, a re-attach's opening, a heartbeat). */
  private accept(message: SseMessage, opening: boolean): ClientEvent | undefined {
    const event = this.decode(message.data)
    if (message.id !== undefined && message.id !== "") {
      const id = Number(message.id)
      if (id <= this.lastEventId) return undefined
      this.lastEventId = id
    } else if (event.event_type === "connection" && !opening) {
      // The opening of an automatic re-attach: the caller already has this run's `connection`.
      return undefined
    }
    if (event.event_type === "connection") this.heartbeatSeconds = event.data.config.heartbeat_interval
    if (event.event_type === "complete") this.completion = event.data
    if (event.event_type === "heartbeat") {
      this.options.onHeartbeat?.(event.data)
      if (this.options.includeHeartbeats !== true) return undefined
    }
    return event
  }

  private decode(data: string): ClientEvent {
    try {
      return JSON.parse(data) as ClientEvent
    } catch (error) {
      throw new ProtocolError(`An event's data is not JSON: ${data.slice(0, 200)}`, { cause: error })
    }
  }

  private backoff(attempt: number): number {
    const { initialDelayMs, factor, maxDelayMs } = this.reconnect
    const ceiling = Math.min(maxDelayMs, initialDelayMs * factor ** (attempt - 1))
    // Jitter, so that clients dropped together do not come back together.
    return ceiling / 2 + (Math.random() * ceiling) / 2
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = this.closer.signal
      if (signal.aborted) return reject(new StreamClosed())
      const timer = setTimeout(() => {
        signal.removeEventListener("abort", onAbort)
        resolve()
      }, ms)
      const onAbort = () => {
        clearTimeout(timer)
        reject(new StreamClosed())
      }
      signal.addEventListener("abort", onAbort, { once: true })
    })
  }
}

/** One handler for the typed per-event callbacks. */
const dispatcher =
  (handlers: EventHandlers) =>
  (event: ClientEvent): void => {
    const handler = handlers[event.event_type] as ((data: unknown, event: ClientEvent) => void) | undefined
    handler?.(event.data, event)
  }
