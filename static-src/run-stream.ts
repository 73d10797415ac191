/**
 * Follows one run to its `close`, across dropped connections: the POST's own stream first (or
 * an attach, after a reload), then — whenever the body ends before `close` — a resume from the
 * last event id received, with backoff. Each event reaches `onEvent` exactly once and in order:
 * the server replays only ids after the cursor, and ids already seen are dropped here as well.
 */
import { chatUrl, eventsUrl, isEventStream } from "./api.js"
import { readEventStream } from "./sse.js"
import { type ChatRequest, errorMessageOf, type Received } from "./wire.js"

export type ConnectionState = "idle" | "connecting" | "streaming" | "reconnecting" | "closed"

export type FollowOutcome =
  /** The run's `close` arrived. */
  | { readonly _tag: "Closed" }
  /** The server refused to start the run (4xx/5xx JSON before any stream). */
  | { readonly _tag: "Refused"; readonly status: number; readonly message: string }
  /** The POST got no answer at all. */
  | { readonly _tag: "Unreachable" }
  /** The run is no longer retained (204), or the session moved on to another run. */
  | { readonly _tag: "Gone" }
  /** The connection kept failing; resume attempts are exhausted. */
  | { readonly _tag: "GaveUp" }
  | { readonly _tag: "Aborted" }

export interface FollowOptions {
  readonly sessionId: string
  /**
   * Start a new run, or attach to the session's current one from its first event. An attach
   * that does not know the run's id yet (the page was reloaded before the POST was answered)
   * recognises it by the length of the history it was started with.
   */
  readonly start:
    | { readonly _tag: "Post"; readonly body: ChatRequest }
    | { readonly _tag: "Attach"; readonly runId: string | null; readonly historyLength: number }
  readonly signal: AbortSignal
  readonly onEvent: (received: Received) => void
  readonly onState: (state: ConnectionState) => void
  readonly onRunId: (runId: string) => void
  readonly onReconnect: () => void
}

/** Resume attempts in a row without receiving an event before giving up. */
const MAX_ATTEMPTS = 8
const FIRST_DELAY_MS = 250

/** The wait before resume attempt `n` (1-based): doubling, capped by the server's `retry:` advice. */
export const backoffMs = (attempt: number, retryMs: number): number => Math.min(FIRST_DELAY_MS * 2 ** (attempt - 1), retryMs)

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener("abort", done)
      resolve()
    }
    signal.addEventListener("abort", done)
  })

class RunMismatch extends Error {}

export const followRun = async (options: FollowOptions): Promise<FollowOutcome> => {
  const { signal } = options
  let runId = options.start._tag === "Attach" ? options.start.runId : null
  let lastId = 0
  let retryMs = 5000
  let attempts = 0
  let closed = false

  const handle = (received: Received) => {
    if (received.id !== null) {
      if (received.id <= lastId) return
      lastId = received.id
    }
    attempts = 0
    const { event } = received
    if (event.event_type === "connection") {
      const start = options.start
      const ours =
        runId !== null ? event.data.run_id === runId : start._tag === "Post" || event.data.dialogue_history_length === start.historyLength
      // Otherwise the session has moved on to another run: this one's events are not coming back.
      if (!ours) throw new RunMismatch()
      if (runId === null) {
        runId = event.data.run_id
        options.onRunId(runId)
      }
    }
    options.onEvent(received)
    if (event.event_type === "close") closed = true
  }

  options.onState("connecting")
  let response: Response | null = null
  try {
    if (options.start._tag === "Post") {
      response = await fetch(chatUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify(options.start.body),
        signal
      })
      if (!isEventStream(response)) {
        const body: unknown = await response.json().catch(() => null)
        options.onState("closed")
        return { _tag: "Refused", status: response.status, message: errorMessageOf(body, `HTTP ${response.status}`) }
      }
      const header = response.headers.get("x-run-id")
      if (header !== null && runId === null) {
        runId = header
        options.onRunId(header)
      }
    } else {
      response = await fetch(eventsUrl(options.sessionId), { headers: { accept: "text/event-stream" }, signal })
      if (response.status === 204) {
        options.onState("closed")
        return { _tag: "Gone" }
      }
      if (!isEventStream(response)) response = null
    }
  } catch {
    if (signal.aborted) return { _tag: "Aborted" }
    // A POST that got no answer may or may not have started a run; without a run id there is
    // nothing safe to resume (an attach could replay an earlier run of the session).
    if (options.start._tag === "Post" && runId === null) {
      options.onState("closed")
      return { _tag: "Unreachable" }
    }
    response = null
  }

  for (;;) {
    if (response?.body) {
      options.onState("streaming")
      try {
        await readEventStream(response.body, { onEvent: handle, onRetry: (ms) => (retryMs = ms) })
      } catch (error) {
        if (error instanceof RunMismatch) {
          options.onState("closed")
          return { _tag: "Gone" }
        }
        // Otherwise the connection broke: resume below.
      }
      if (closed) {
        options.onState("closed")
        return { _tag: "Closed" }
      }
    }
    if (signal.aborted) return { _tag: "Aborted" }
    response = null
    if (++attempts > MAX_ATTEMPTS) {
      options.onState("closed")
      return { _tag: "GaveUp" }
    }
    options.onState("reconnecting")
    await sleep(backoffMs(attempts, retryMs), signal)
    if (signal.aborted) return { _tag: "Aborted" }
    try {
      options.onReconnect()
      const next = await fetch(eventsUrl(options.sessionId), {
        headers: { accept: "text/event-stream", "last-event-id": String(lastId) },
        signal
      })
      if (next.status === 204) {
        options.onState("closed")
        return { _tag: "Gone" }
      }
      if (isEventStream(next)) response = next
    } catch {
      // Still unreachable: the next attempt waits longer.
    }
  }
}
