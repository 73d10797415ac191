/**
 * The heartbeat: a Schedule merged into a listener's stream. `haltStrategy: "left"` ends the
 * merged stream with the events, so a heartbeat never outlives its stream — and since it runs on
 * the Clock, tests drive it with TestClock.
 */
import { type Duration, Effect, Schedule, Stream } from "effect"

export const withHeartbeat = <A, E, R, H, R2>(
  events: Stream.Stream<A, E, R>,
  every: Duration.DurationInput,
  beat: Effect.Effect<H, never, R2>
): Stream.Stream<A | H, E, R | R2> =>
  Stream.merge(events, Stream.fromSchedule(Schedule.spaced(every)).pipe(Stream.mapEffect(() => beat)), {
    haltStrategy: "left"
  })
