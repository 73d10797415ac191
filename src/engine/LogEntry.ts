/** What a run's log holds and hands to its listeners. */
import type { Envelope, EventType, RunEvent } from "../domain/Events.js"

/** One item a listener sends: a logged event (with its id) or one outside the log (id null). */
export interface ListenerItem {
  readonly id: number | null
  /** The event's type, known without parsing. */
  readonly type: EventType
  /** The envelope's JSON, encoded once for every listener. */
  readonly json: string
  /** The envelope itself (for a retained event, parsed from `json` at each read). */
  readonly envelope: Envelope
}

/**
 * A logged event: id, type and JSON only. Holding the envelope objects as well would about double
 * what live queues hold, and only the dialects' listeners ever need them.
 */
export class LogEntry implements ListenerItem {
  constructor(
    readonly id: number,
    readonly type: RunEvent["event_type"],
    readonly json: string
  ) {}

  get envelope(): Envelope<RunEvent> {
    return JSON.parse(this.json) as Envelope<RunEvent>
  }
}
