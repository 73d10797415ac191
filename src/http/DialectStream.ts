/**
 * A dialect is another protocol's reading of the same run: a pure function from each logged
 * native event to the events of that protocol. Every dialect's stream is one listener of the
 * engine — the same queue, backpressure, heartbeat and stalled-client guard as the native
 * stream — with only the encoding changed here: heartbeats become SSE comments (these clients
 * reject any `data:` payload they do not know) and the rest goes through the dialect.
 */
import { Stream } from "effect"
import type { Envelope, RunEvent } from "../domain/Events.js"
import type { ListenerItem } from "../engine/LogEntry.js"
import { dataFrame, HEARTBEAT_COMMENT } from "./Sse.js"

export interface Dialect<S, Out> {
  readonly initial: S
  /** The next state and the events this native event reads as; pure. */
  readonly translate: (state: S, event: Envelope<RunEvent>) => readonly [S, ReadonlyArray<Out>]
}

/** Runs a dialect over a whole sequence of events (for tests and replays). */
export const translateAll = <S, Out>(dialect: Dialect<S, Out>, events: Iterable<Envelope<RunEvent>>): Array<Out> => {
  let state = dialect.initial
  const out: Array<Out> = []
  for (const event of events) {
    const [next, produced] = dialect.translate(state, event)
    state = next
    out.push(...produced)
  }
  return out
}

const isRunEvent = (envelope: Envelope): envelope is Envelope<RunEvent> => envelope.event_type !== "heartbeat"

/**
 * The wire frames of a listener's stream in a dialect. The `connection` event an attach opens
 * with is left out: it is outside the log, and the replay that follows starts with the run's own.
 */
export const dialectFrames = <S, Out>(items: Stream.Stream<ListenerItem>, dialect: Dialect<S, Out>): Stream.Stream<string> =>
  items.pipe(
    Stream.mapAccum(dialect.initial, (state, item): readonly [S, string] => {
      const { envelope } = item
      if (!isRunEvent(envelope)) return [state, HEARTBEAT_COMMENT]
      if (item.id === null && envelope.event_type === "connection") return [state, ""]
      const [next, produced] = dialect.translate(state, envelope)
      let frames = ""
      for (const event of produced) frames += dataFrame(JSON.stringify(event))
      return [next, frames]
    }),
    Stream.filter((frames) => frames !== "")
  )
