/**
 * `buffer_events`: consecutive `assistant_message_chunk` deltas of one message produced within
 * a flush window become one event. Fewer, larger events; nothing lost; every other event keeps
 * its place. Chunk indexes are renumbered per message so they stay 0, 1, 2…
 */
import { Chunk, type Duration, Stream } from "effect"
import { makeEvent, type PlannerEvent } from "../domain/Events.js"

/** Most events gathered in one window (a bound on memory, not a tuning knob). */
const MAX_GROUP = 1024

export const coalesceChunks =
  (window: Duration.DurationInput) =>
  <E, R>(events: Stream.Stream<PlannerEvent, E, R>): Stream.Stream<PlannerEvent, E, R> =>
    Stream.suspend(() => {
      const nextIndex = new Map<string, number>()
      return events.pipe(
        Stream.groupedWithin(MAX_GROUP, window),
        Stream.mapConcat((group) => {
          const out: Array<PlannerEvent> = []
          for (const event of Chunk.toReadonlyArray(group)) {
            const last = out[out.length - 1]
            if (
              event.event_type === "assistant_message_chunk" &&
              last?.event_type === "assistant_message_chunk" &&
              last.data.message_id === event.data.message_id
            ) {
              out[out.length - 1] = makeEvent("assistant_message_chunk", { ...last.data, content: last.data.content + event.data.content })
            } else if (event.event_type === "assistant_message_chunk") {
              const index = nextIndex.get(event.data.message_id) ?? 0
              nextIndex.set(event.data.message_id, index + 1)
              out.push(makeEvent("assistant_message_chunk", { ...event.data, chunk_index: index }))
            } else {
              out.push(event)
            }
          }
          return out
        })
      )
    })
