/**
 * The run store on Redis Streams (`GTPLANNER_REDIS_URL`): one active run per session across
 * instances (an expiring lease the running instance renews), every run's log in a stream any
 * instance can replay and follow, snapshots and documents from any instance, and cancel requests
 * delivered to whichever instance runs the run (pub/sub).
 */
import { Data, Duration, Effect, Layer, Option, Redacted, Stream } from "effect"
import { Redis } from "ioredis"
import { randomUUID } from "node:crypto"
import type { RedisSettings } from "../../config/AppConfig.js"
import { RunStore, type RunStoreShape } from "../RunStore.js"
import { RELEASE_LEASE, redisKeys } from "./RedisKeys.js"
import { openMirror, type RedisContext, redisCall } from "./RedisMirror.js"
import { remoteRun } from "./RedisRemoteRun.js"

export class RedisUnavailable extends Data.TaggedError("RedisUnavailable")<{ readonly reason: string }> {
  override get message() {
    return `GTPLANNER_REDIS_URL: cannot reach Redis (${this.reason})`
  }
}

export interface RedisStoreOptions {
  readonly redis: RedisSettings
  readonly retention: { readonly maxEvents: number; readonly ttl: Duration.DurationInput }
  readonly queueCapacity: number
}

/** The last connection error of each client: commands report failures themselves, this names the cause. */
const lastErrors = new WeakMap<Redis, Error>()

const connect = (url: string) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const client = new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true, lazyConnect: true })
      // Without a listener ioredis prints every reconnect error to stderr.
      client.on("error", (error: Error) => lastErrors.set(client, error))
      return client
    }),
    (client) => Effect.promise(() => client.quit().catch(() => "closed"))
  )

export const make = (options: RedisStoreOptions) =>
  Effect.gen(function* () {
    const url = Redacted.value(options.redis.url)
    const redis = yield* connect(url)
    yield* Effect.tryPromise({
      try: () => redis.connect(),
      catch: (e) => new RedisUnavailable({ reason: lastErrors.get(redis)?.message ?? (e instanceof Error ? e.message : String(e)) })
    }).pipe(
      Effect.timeoutFail({ duration: "5 seconds", onTimeout: () => new RedisUnavailable({ reason: "no answer within 5 s" }) })
    )
    const ctx: RedisContext = {
      redis,
      keys: redisKeys(options.redis.prefix),
      instanceId: randomUUID(),
      retentionEvents: options.retention.maxEvents,
      retentionMs: Duration.toMillis(Duration.decode(options.retention.ttl)),
      leaseMs: Math.round(options.redis.leaseS * 1000)
    }
    const { keys } = ctx

    // Cancel requests arrive on a connection of their own (a subscribed connection does nothing else).
    const subscriber = yield* connect(url)
    const cancelRequests = Stream.asyncScoped<string>((emit) =>
      Effect.gen(function* () {
        const onMessage = (_channel: string, runId: string) => void emit.single(runId)
        subscriber.on("message", onMessage)
        yield* Effect.addFinalizer(() => Effect.sync(() => subscriber.off("message", onMessage)))
        yield* Effect.promise(() => subscriber.subscribe(keys.cancelChannel))
      })
    )

    const claim = (sessionId: string, runId: string) =>
      Effect.gen(function* () {
        for (let attempt = 0; attempt < 3; attempt++) {
          const set = yield* redisCall("claim session", () => redis.set(keys.lease(sessionId), runId, "PX", ctx.leaseMs, "NX"))
          if (set === "OK") return Option.none<string>()
          const holder = yield* redisCall("read lease", () => redis.get(keys.lease(sessionId)))
          // The lease may have expired between the two calls: try again.
          if (holder !== null) return Option.some(holder)
        }
        return Option.some("unknown")
      }).pipe(
        // Without Redis no instance can know whether the session is busy: refuse rather than risk two runs.
        Effect.catchAll((e) => Effect.as(Effect.logError(e.message), Option.some("unknown")))
      )

    const store: RunStoreShape = {
      kind: "redis",
      claim,
      unclaim: (sessionId, runId) =>
        redisCall("release session", () => redis.eval(RELEASE_LEASE, 1, keys.lease(sessionId), runId)).pipe(Effect.ignore),
      open: (info) => openMirror(ctx, info),
      remote: (sessionId) =>
        Effect.gen(function* () {
          const runId = yield* redisCall("find run", () => redis.get(keys.sessionRun(sessionId)))
          if (runId === null) return Option.none()
          return yield* remoteRun(ctx, runId, { queueCapacity: options.queueCapacity })
        }).pipe(Effect.catchAll((e) => Effect.as(Effect.logWarning(e.message), Option.none()))),
      requestCancel: (sessionId) =>
        Effect.gen(function* () {
          const runId = yield* redisCall("read lease", () => redis.get(keys.lease(sessionId)))
          if (runId === null) return Option.none<string>()
          yield* redisCall("request cancel", () => redis.publish(keys.cancelChannel, runId))
          return Option.some(runId)
        }).pipe(Effect.catchAll((e) => Effect.as(Effect.logWarning(e.message), Option.none()))),
      cancelRequests
    }
    yield* Effect.logInfo("runs are shared through Redis", { prefix: options.redis.prefix, lease_s: options.redis.leaseS })
    return store
  })

export const layer = (options: RedisStoreOptions): Layer.Layer<RunStore, RedisUnavailable> => Layer.scoped(RunStore, make(options))
