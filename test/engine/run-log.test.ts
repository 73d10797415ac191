import { describe, expect, it } from "@effect/vitest"
import { Chunk, Deferred, Effect, Fiber, Option, Queue, TestClock } from "effect"
import { makeEvent } from "../../src/domain/Events.js"
import { LogEntry } from "../../src/engine/LogEntry.js"
import { RunLog } from "../../src/engine/RunLog.js"

const status = (n: number) => makeEvent("processing_status", { status_message: `event ${n}`, progress_info: {} })
const envelopeOf = (n: number) => () => ({ ...status(n), timestamp: "2026-01-01T00:00:00.000Z", session_id: "s", metadata: {} })

const makeLog = (maxEvents = 100, maxBytes = 1 << 20, queueCapacity = 4) =>
  new RunLog({ retention: { maxEvents, maxBytes }, queueCapacity, sendTimeout: "30 seconds" })

const mirroredLog = (mirror: (entry: LogEntry) => Effect.Effect<void>) =>
  new RunLog({ retention: { maxEvents: 100, maxBytes: 1 << 20 }, queueCapacity: 4, sendTimeout: "30 seconds", mirror })

const appendMany = (log: RunLog, from: number, to: number) =>
  Effect.forEach(Array.from({ length: to - from + 1 }, (_, i) => from + i), (n) => log.append(envelopeOf(n)), { discard: true })

describe("RunLog", () => {
  it.effect("assigns ids 1..n and replays everything after a cursor", () =>
    Effect.gen(function* () {
      const log = makeLog()
      yield* appendMany(log, 1, 10)
      expect(log.lastId).toBe(10)
      const attachment = yield* log.attach(6)
      expect(attachment.replay.map((e) => e.id)).toEqual([7, 8, 9, 10])
      expect(Option.isNone(attachment.gap)).toBe(true)
      expect(JSON.parse(attachment.replay[0]!.json).data.status_message).toBe("event 7")
    })
  )

  it.effect("evicts the oldest events beyond the count bound and reports the gap to a late cursor", () =>
    Effect.gen(function* () {
      const log = makeLog(5)
      yield* appendMany(log, 1, 12)
      expect(log.retainedCount).toBe(5)
      expect(log.firstRetainedId).toBe(8)
      const late = yield* log.attach(3)
      expect(late.gap).toEqual(Option.some(8))
      expect(late.replay.map((e) => e.id)).toEqual([8, 9, 10, 11, 12])
      const current = yield* log.attach(9)
      expect(Option.isNone(current.gap)).toBe(true)
      expect(current.replay.map((e) => e.id)).toEqual([10, 11, 12])
    })
  )

  it.effect("evicts by bytes too, but always keeps the newest event", () =>
    Effect.gen(function* () {
      const log = makeLog(1000, 400)
      yield* appendMany(log, 1, 20)
      expect(log.retainedBytes).toBeLessThanOrEqual(400)
      expect(log.retainedCount).toBeGreaterThan(0)
      const tiny = makeLog(1000, 10)
      yield* appendMany(tiny, 1, 3)
      expect(tiny.retainedCount).toBe(1)
      expect(tiny.firstRetainedId).toBe(3)
    })
  )

  it.effect("delivers live events to a listener after its replay, without loss or duplicates", () =>
    Effect.gen(function* () {
      const log = makeLog(100, 1 << 20, 64)
      yield* appendMany(log, 1, 3)
      const attachment = yield* log.attach(1)
      yield* appendMany(log, 4, 6)
      const listener = Option.getOrThrow(attachment.listener)
      const live = Chunk.toReadonlyArray(yield* Queue.takeAll(listener.queue))
      expect([...attachment.replay, ...live].map((e) => e.id)).toEqual([2, 3, 4, 5, 6])
    })
  )

  it.effect("hands entries straight to a consumer waiting with nothing queued, then queues again; tells it when the listener ends", () =>
    Effect.gen(function* () {
      const log = makeLog(100, 1 << 20, 64)
      const handle = Option.getOrThrow((yield* log.attach(0)).listener)
      const handed: Array<number | null> = []
      handle.waiting = (item) => handed.push(item === null ? null : item.id!)
      yield* appendMany(log, 1, 3)
      // The first went to the waiting consumer (which then stopped waiting); the rest were queued.
      expect(handed).toEqual([1])
      expect(handle.waiting).toBeUndefined()
      expect(Chunk.toReadonlyArray(yield* Queue.takeAll(handle.queue)).map((e) => e.id)).toEqual([2, 3])
      handle.waiting = (item) => handed.push(item === null ? null : item.id!)
      yield* log.detach(handle)
      expect(handed).toEqual([1, null])
    })
  )

  it.effect("makes the run wait while a listener's queue is full, and go on as it drains", () =>
    Effect.gen(function* () {
      const log = makeLog(100, 1 << 20, 2)
      const { listener } = yield* log.attach(0)
      const queue = Option.getOrThrow(listener).queue
      const producer = yield* Effect.fork(appendMany(log, 1, 5))
      yield* Effect.yieldNow()
      expect(log.lastId).toBe(3)
      expect(log.blockedAppends).toBe(1)
      expect(log.bufferedEvents).toBe(2)
      expect((yield* Queue.take(queue)).id).toBe(1)
      expect((yield* Queue.take(queue)).id).toBe(2)
      expect((yield* Queue.take(queue)).id).toBe(3)
      expect((yield* Queue.take(queue)).id).toBe(4)
      yield* Fiber.join(producer)
      expect((yield* Queue.take(queue)).id).toBe(5)
      expect(log.blockedAppends).toBe(0)
    })
  )

  it.effect("drops a listener that does not drain within the send timeout; the run goes on", () =>
    Effect.gen(function* () {
      const log = makeLog(100, 1 << 20, 1)
      const { listener } = yield* log.attach(0)
      const handle = Option.getOrThrow(listener)
      const producer = yield* Effect.fork(appendMany(log, 1, 3))
      yield* TestClock.adjust("29 seconds")
      expect(handle.dropped).toBe(false)
      expect(log.lastId).toBe(2)
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(producer)
      expect(handle.dropped).toBe(true)
      expect(log.lastId).toBe(3)
      expect(log.listenerCount).toBe(0)
      expect(yield* Queue.isShutdown(handle.queue)).toBe(true)
    })
  )

  it.effect("releases a run blocked on a listener as soon as that listener detaches", () =>
    Effect.gen(function* () {
      const log = makeLog(100, 1 << 20, 1)
      const { listener } = yield* log.attach(0)
      const producer = yield* Effect.fork(appendMany(log, 1, 4))
      yield* Effect.yieldNow()
      expect(log.blockedAppends).toBe(1)
      expect(yield* log.detach(Option.getOrThrow(listener))).toBe(0)
      yield* Fiber.join(producer)
      expect(log.lastId).toBe(4)
    })
  )

  it.effect("has nothing live for a listener attaching after close", () =>
    Effect.gen(function* () {
      const log = makeLog()
      yield* appendMany(log, 1, 2)
      yield* log.append(() => ({
        ...makeEvent("close", { status: "closing", message: "bye", final_statistics: { total_events: 3, session_duration: 1 } }),
        timestamp: "2026-01-01T00:00:00.000Z",
        session_id: "s",
        metadata: {}
      }))
      expect(log.closed).toBe(true)
      const attachment = yield* log.attach(0)
      expect(Option.isNone(attachment.listener)).toBe(true)
      expect(attachment.replay.map((e) => e.id)).toEqual([1, 2, 3])
    })
  )
  it.effect("a mirror that takes each entry at the call leaves nothing to run; one that must wait holds its append until it has", () =>
    Effect.gen(function* () {
      const seen: Array<number> = []
      const taking = mirroredLog((entry) => {
        seen.push(entry.id)
        return Effect.void
      })
      expect(taking.appendNow(envelopeOf(1))).toBeInstanceOf(LogEntry)
      expect(taking.appendNow(envelopeOf(2))).toBeInstanceOf(LogEntry)
      expect(seen).toEqual([1, 2])

      const behind = yield* Deferred.make<void>()
      const waited: Array<number> = []
      const waiting = mirroredLog((entry) => {
        waited.push(entry.id)
        return entry.id === 2 ? Deferred.await(behind) : Effect.void
      })
      yield* waiting.append(envelopeOf(1))
      const second = waiting.appendNow(envelopeOf(2))
      // Logged, and handed to the mirror, at the call; the append finishes once the mirror has it.
      expect(second).not.toBeInstanceOf(LogEntry)
      expect(waited).toEqual([1, 2])
      expect(waiting.lastId).toBe(2)
      const fiber = yield* Effect.fork(second as Effect.Effect<LogEntry>)
      yield* Effect.yieldNow()
      expect(fiber.unsafePoll()).toBeNull()
      yield* Deferred.succeed(behind, undefined)
      expect((yield* Fiber.join(fiber)).id).toBe(2)
    })
  )
})
