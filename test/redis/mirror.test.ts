/**
 * The Redis mirror of one run against a real Redis: a key it creates carries an expiry from its
 * first write on, without waiting for the lease renewal that pushes expiries back later.
 */
import { randomUUID } from "node:crypto"
import { Effect } from "effect"
import { Redis } from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { redisKeys } from "../../src/engine/redis/RedisKeys.js"
import { openMirror } from "../../src/engine/redis/RedisMirror.js"
import { LogEntry } from "../../src/engine/LogEntry.js"
import { redisUnavailable, startRedis, type TestRedis } from "../support/redis.js"

const skip = redisUnavailable()
if (skip) console.log(`skipping the Redis mirror tests: ${skip}`)

let server: TestRedis
let redis: Redis
beforeAll(async () => {
  if (skip) return
  server = await startRedis()
  redis = new Redis(server.url)
})
afterAll(async () => {
  if (skip) return
  redis.disconnect()
  await server.stop()
})

describe.skipIf(skip !== null)("the Redis mirror of a run", () => {
  it("gives the events stream an expiry with its first write", async () => {
    const keys = redisKeys(`mirror-${randomUUID().slice(0, 8)}`)
    // A lease of ten minutes: the renewal (which also pushes expiries back) first runs minutes
    // after the start, so only the first write can have set the expiry.
    const ctx = { redis, keys, instanceId: "test", retentionEvents: 100, retentionMs: 60_000, leaseMs: 600_000 }
    const info = {
      runId: "run_mirror",
      sessionId: "session-mirror",
      startedAt: Date.now(),
      options: { includeMetadata: true, bufferEvents: false, heartbeatInterval: 15, onDisconnect: "continue" as const, language: "en" as const },
      historyLength: 1,
      llm: { model: "m", demo: false }
    }
    await redis.set(keys.lease(info.sessionId), info.runId, "PX", 60_000) // the run holds its session, as after a claim
    const pttl = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const mirror = yield* openMirror(ctx, info)
          expect(yield* Effect.promise(() => redis.exists(keys.events(info.runId)))).toBe(0)
          yield* mirror.append!(new LogEntry(1, "connection", "{}"))
          for (let i = 0; i < 100 && (yield* Effect.promise(() => redis.exists(keys.events(info.runId)))) === 0; i++) yield* Effect.sleep("10 millis")
          return yield* Effect.promise(() => redis.pttl(keys.events(info.runId)))
        })
      )
    )
    expect(pttl).toBeGreaterThan(0)
    expect(pttl).toBeLessThanOrEqual(60_000 + 600_000)
  })
})
