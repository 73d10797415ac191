import { describe, expect, it } from "@effect/vitest"
import { Chunk, Duration, Effect, Fiber, Layer, Stream, TestClock } from "effect"
import type { AgentContextRequest } from "../../src/domain/AgentContext.js"
import { makeEvent, type PlannerEvent } from "../../src/domain/Events.js"
import { SessionRegistry } from "../../src/engine/SessionRegistry.js"
import { LanguageModel } from "../../src/llm/LanguageModel.js"
import { Planner } from "../../src/planner/Planner.js"

/** A planner whose turn takes 45 s of (virtual) time: start at 0 s, text at 25 s, end at 45 s. */
const slowTurn = () =>
  Stream.succeed<PlannerEvent>(makeEvent("conversation_start", { user_input: "hi" })).pipe(
    Stream.concat(Stream.fromEffect(
      Effect.sleep("25 seconds").pipe(
        Effect.as<PlannerEvent>(makeEvent("processing_status", { status_message: "still here", progress_info: {} }))
      )
    )),
    Stream.concat(Stream.fromEffect(
      Effect.sleep("20 seconds").pipe(
        Effect.as<PlannerEvent>(
          makeEvent("conversation_end", {
            success: true,
            execution_time: 45,
            new_messages_count: 0,
            tool_execution_results_updates: {},
            metadata: {},
            new_messages: []
          })
        )
      )
    ))
  )

const SlowPlanner = Layer.succeed(Planner, {
  run: slowTurn,
  runWith: (_turn, emit) => Stream.runForEach(slowTurn(), emit)
})

const NoModel = Layer.succeed(LanguageModel, { model: "none", demo: false, streamChat: () => Stream.empty })

const Engine = SessionRegistry.layer({
  queueCapacity: 16,
  sendTimeout: Duration.seconds(30),
  retention: { maxEvents: 1000, maxBytes: 1 << 20, ttl: Duration.minutes(10) },
  maxConcurrentRuns: 10,
  shutdownGrace: Duration.seconds(1),
  bufferWindow: Duration.millis(50),
  defaultLanguage: "en"
}).pipe(Layer.provide(SlowPlanner), Layer.provide(NoModel))

const request = (heartbeat_interval: number): AgentContextRequest => ({
  session_id: "tick",
  dialogue_history: [{ role: "user", content: "hi" }],
  tool_execution_results: {},
  session_metadata: {},
  last_updated: null,
  is_compressed: false,
  language: "en",
  include_metadata: false,
  buffer_events: false,
  heartbeat_interval,
  on_disconnect: "continue"
})

describe("heartbeat (engine level, TestClock)", () => {
  it.scoped("comes every interval, carries no id, and stops with the run", () =>
    Effect.gen(function* () {
      const registry = yield* SessionRegistry
      const run = yield* registry.start(request(10))
      const fiber = yield* registry.listen(run, { after: 0, resumed: false }).pipe(Stream.runCollect, Effect.fork)
      yield* TestClock.adjust("1 minute")
      const items = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
      const timeline = items.map((item) => `${item.envelope.event_type}@${(Date.parse(item.envelope.timestamp) - run.startedAt) / 1000}s${item.id === null ? "" : `#${item.id}`}`)
      expect(timeline).toEqual([
        "connection@0s#1",
        "conversation_start@0s#2",
        "heartbeat@10s",
        "heartbeat@20s",
        "processing_status@25s#3",
        "heartbeat@30s",
        "heartbeat@40s",
        "conversation_end@45s#4",
        "complete@45s#5",
        "close@45s#6"
      ])
      const beat = items.find((i) => i.envelope.event_type === "heartbeat")!
      expect(JSON.parse(beat.json)).toEqual({
        event_type: "heartbeat",
        timestamp: beat.envelope.timestamp,
        session_id: "tick",
        data: { session_duration: 10, event_count: 2 },
        metadata: {}
      })
      // Nothing of the listener is left once its stream ended.
      expect((yield* registry.stats).listeners).toBe(0)
    }).pipe(Effect.provide(Engine))
  )

  it.scoped("honours each stream's own interval", () =>
    Effect.gen(function* () {
      const registry = yield* SessionRegistry
      const run = yield* registry.start(request(20))
      const fiber = yield* registry.listen(run, { after: 0, resumed: false }).pipe(Stream.runCollect, Effect.fork)
      yield* TestClock.adjust("1 minute")
      const beats = Chunk.toReadonlyArray(yield* Fiber.join(fiber)).filter((i) => i.envelope.event_type === "heartbeat")
      expect(beats.map((b) => (Date.parse(b.envelope.timestamp) - run.startedAt) / 1000)).toEqual([20, 40])
    }).pipe(Effect.provide(Engine))
  )
})

describe("heartbeat clock shared by the listeners", () => {
  it.scoped("a listener that stopped reading does not hold up the others' beats", () =>
    Effect.gen(function* () {
      const registry = yield* SessionRegistry
      const run = yield* registry.start(request(1))
      // Attached, never read: its queue (16 items) fills with beats, and then beats to it are
      // dropped; the run's next event waits for it until the send timeout (30 s) drops it.
      yield* registry.follow(run, { after: 0, resumed: false })
      const fiber = yield* registry.listen(run, { after: 0, resumed: false }).pipe(Stream.runCollect, Effect.fork)
      yield* TestClock.adjust("2 minutes")
      const beats = Chunk.toReadonlyArray(yield* Fiber.join(fiber)).filter((i) => i.envelope.event_type === "heartbeat")
      const seconds = beats.map((b) => (Date.parse(b.envelope.timestamp) - run.startedAt) / 1000)
      expect(seconds.slice(0, 44)).toEqual(Array.from({ length: 44 }, (_, i) => i + 1))
    }).pipe(
      // The stuck listener leaves before the engine closes (a drain would wait for it).
      Effect.scoped,
      Effect.provide(Engine)
    )
  )
})
