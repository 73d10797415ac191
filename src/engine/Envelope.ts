/**
 * Wrapping events in the wire envelope `{event_type, timestamp, session_id, data, metadata}` —
 * the one place where that happens.
 */
import type { Envelope, StreamEvent } from "../domain/Events.js"

export interface EnvelopeContext {
  readonly sessionId: string
  /** When the run started (epoch ms), for `elapsed_ms`. */
  readonly startedAt: number
  /** The request's `include_metadata`. */
  readonly includeMetadata: boolean
}

let lastMs = Number.NaN
let lastIso = ""

/** The ISO time of `ms`; events of the same millisecond (a batch of tokens) share one string. */
const isoTime = (ms: number): string => {
  if (ms !== lastMs) {
    lastMs = ms
    lastIso = new Date(ms).toISOString()
  }
  return lastIso
}

/**
 * `event_index` is the event's 0-based position in the run (its id − 1); for events outside the
 * log (heartbeat, the attach `connection`) it is the number of logged events so far.
 */
export const wrap = <E extends StreamEvent>(ctx: EnvelopeContext, event: E, now: number, eventIndex: number): Envelope<E> =>
  ({
    event_type: event.event_type,
    timestamp: isoTime(now),
    session_id: ctx.sessionId,
    data: event.data,
    metadata: ctx.includeMetadata ? { event_index: eventIndex, elapsed_ms: now - ctx.startedAt } : {}
  }) as unknown as Envelope<E>
