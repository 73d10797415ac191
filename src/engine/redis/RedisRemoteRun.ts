/**
 * A run another instance runs (or ran), seen through Redis: its snapshot and documents, and its
 * events for a listener here — the retained ones after the cursor, then new ones as they are
 * appended (a blocking read on a connection of the listener's own). A listener that sees the run
 * still "running" while nobody holds its session lease any more knows the instance running it
 * was lost, and writes the run's failure ending itself (once, whoever gets there first), so no
 * listener anywhere waits forever.
 */
import { Clock, Duration, Effect, Option, Queue, Stream } from "effect"
import { type DataOf, makeEvent, type PlannerEvent, RunStatus, type RunResult, type StreamEvent } from "../../domain/Events.js"
import type { SessionSnapshot } from "../../domain/Resources.js"
import { t } from "../../planner/i18n/messages.js"
import { connectionEvent, type RunInfo } from "../ConnectionEvent.js"
import { type EnvelopeContext, wrap } from "../Envelope.js"
import { heartbeats } from "../Heartbeat.js"
import { isClose, replayGapEvent } from "../Listener.js"
import { OpenSpans } from "../OpenSpans.js"
import type { StoredDocument } from "../Run.js"
import { type ListenerItem, LogEntry } from "../LogEntry.js"
import type { RemoteRun } from "../RunStore.js"
import { entryId, eventIdOf, fieldsOf } from "./RedisKeys.js"
import { type RedisContext, redisCall } from "./RedisMirror.js"

/** How long one blocking read waits before the listener checks that the run is still alive. */
const BLOCK_MS = 1000
const PAGE = 256

type Entry = [id: string, fields: Array<string>]

interface Meta {
  readonly info: RunInfo
  readonly status: typeof RunStatus.Type
  readonly endedAt: number | null
  readonly eventCount: number
  readonly result: RunResult | null
}

const parseMeta = (hash: Record<string, string>): Meta | null => {
  if (!hash["info"] || !hash["status"]) return null
  return {
    info: JSON.parse(hash["info"]) as RunInfo,
    status: hash["status"] as Meta["status"],
    endedAt: hash["ended_at"] ? Number(hash["ended_at"]) : null,
    eventCount: Number(hash["event_count"] ?? 0),
    result: hash["result"] ? (JSON.parse(hash["result"]) as RunResult) : null
  }
}

const itemOf = ([id, fields]: Entry): LogEntry => {
  const { type, json } = fieldsOf(fields)
  return new LogEntry(eventIdOf(id), type as LogEntry["type"], json)
}


export interface RemoteRunOptions {
  readonly queueCapacity: number
}

export const remoteRun = (ctx: RedisContext, runId: string, options: RemoteRunOptions): Effect.Effect<Option.Option<RemoteRun>> =>
  Effect.gen(function* () {
    const { redis, keys } = ctx
    const readMeta = redisCall("read run", () => redis.hgetall(keys.meta(runId))).pipe(
      Effect.map(parseMeta),
      Effect.catchAll((e) => Effect.as(Effect.logWarning(e.message), null))
    )
    const first = yield* readMeta
    if (first === null) return Option.none()
    const info = first.info
    const context: EnvelopeContext = { sessionId: info.sessionId, startedAt: info.startedAt, includeMetadata: info.options.includeMetadata }
    const m = t(info.options.language)

    /** Writes the failure ending of a run whose instance was lost, unless someone already did. */
    const recoverIfLost = (meta: Meta) =>
      Effect.gen(function* () {
        if (meta.status !== "running") return
        const holder = yield* redisCall("read lease", () => redis.get(keys.lease(info.sessionId)))
        if (holder === runId) return
        const won = yield* redisCall("claim recovery", () => redis.set(keys.recovery(runId), ctx.instanceId, "PX", 30_000, "NX"))
        if (won !== "OK") return
        const entries = (yield* redisCall("read events", () => redis.xrange(keys.events(runId), "-", "+"))) as Array<Entry>
        const items = entries.map(itemOf)
        if (items.some(isClose)) return
        const now = yield* Clock.currentTimeMillis
        const spans = new OpenSpans()
        for (const item of items) {
          const type = item.type
          if (type !== "connection" && type !== "complete" && type !== "close") {
            const envelope = item.envelope
            spans.observe(envelope as unknown as PlannerEvent, Date.parse(envelope.timestamp), item.id!)
          }
        }
        let id = items.length > 0 ? items[items.length - 1]!.id! : meta.eventCount
        const seconds = (now - info.startedAt) / 1000
        const result: RunResult = {
          success: false,
          session_id: info.sessionId,
          execution_time: seconds,
          new_messages: [],
          tool_execution_results_updates: {},
          metadata: {},
          error: { code: "instance_lost", message: m.instanceLost }
        }
        const ending: Array<StreamEvent> = [
          ...spans.close(now, m.instanceLost),
          makeEvent("error", { error_message: m.instanceLost, error_details: { code: "instance_lost", error_type: "InstanceLost", retryable: true } })
        ]
        if (spans.conversationEnd === null) {
          const end: DataOf<"conversation_end"> = {
            success: false,
            execution_time: seconds,
            new_messages_count: 0,
            tool_execution_results_updates: {},
            metadata: { instance_lost: true },
            new_messages: []
          }
          ending.push(makeEvent("conversation_end", end))
        }
        const pipeline = redis.multi()
        for (const event of ending) {
          id++
          pipeline.xadd(keys.events(runId), entryId(id), "t", event.event_type, "d", JSON.stringify(wrap(context, event, now, id - 1)))
        }
        id++
        const statistics = { total_events: id, session_duration: seconds }
        pipeline.xadd(
          keys.events(runId),
          entryId(id),
          "t",
          "complete",
          "d",
          JSON.stringify(wrap(context, makeEvent("complete", { status: "failed", result, statistics }), now, id - 1))
        )
        id++
        pipeline.xadd(
          keys.events(runId),
          entryId(id),
          "t",
          "close",
          "d",
          JSON.stringify(
            wrap(context, makeEvent("close", { status: "closing", message: m.closeFailed, final_statistics: { total_events: id, session_duration: seconds } }), now, id - 1)
          )
        )
        pipeline
          .hset(keys.meta(runId), { status: "failed", ended_at: String(now), event_count: String(id), result: JSON.stringify(result) })
          .pexpire(keys.events(runId), ctx.retentionMs)
          .pexpire(keys.docs(runId), ctx.retentionMs)
          .pexpire(keys.meta(runId), ctx.retentionMs)
        yield* redisCall("write lost run's ending", () => pipeline.exec())
        yield* Effect.logWarning("the instance running this run was lost; its listeners were told it failed").pipe(
          Effect.annotateLogs({ session_id: info.sessionId, run_id: runId })
        )
      }).pipe(Effect.catchAll((e) => Effect.logWarning(e.message)))

    const current = Effect.tap(readMeta, (meta) => (meta === null ? Effect.void : recoverIfLost(meta)))

    const documents = redisCall("read documents", () => redis.hgetall(keys.docs(runId))).pipe(
      Effect.map((hash) =>
        Object.entries(hash).map(([filename, raw]) => [filename, JSON.parse(raw) as StoredDocument] as const)
      ),
      Effect.catchAll((e) => Effect.as(Effect.logWarning(e.message), []))
    )

    const snapshot: Effect.Effect<SessionSnapshot> = Effect.gen(function* () {
      yield* current
      const meta = (yield* readMeta) ?? first
      const docs = yield* documents
      return {
        session_id: info.sessionId,
        run_id: runId,
        status: meta.status,
        started_at: new Date(info.startedAt).toISOString(),
        ended_at: meta.endedAt === null ? null : new Date(meta.endedAt).toISOString(),
        event_count: meta.eventCount,
        last_event_id: meta.eventCount,
        // Listeners of other instances are not counted across instances.
        listeners: 0,
        documents: docs.map(([filename, d]) => ({ filename, format: d.format, bytes: Buffer.byteLength(d.content) })),
        result: meta.result
      }
    })

    const document = (filename: string) => Effect.map(documents, (docs) => Option.fromNullable(docs.find(([name]) => name === filename)?.[1]))

    const listen = (after: number): Effect.Effect<Option.Option<Stream.Stream<ListenerItem>>> =>
      Effect.gen(function* () {
        // Nothing to follow only once `close` is stored and the cursor is at or past it (a final
        // status alone is set a moment before the last events are written).
        const last = (yield* redisCall("read last event", () => redis.xrevrange(keys.events(runId), "+", "-", "COUNT", 1)).pipe(
          Effect.catchAll(() => Effect.succeed([]))
        )) as Array<Entry>
        const tail = last[0]
        if (tail !== undefined && fieldsOf(tail[1]).type === "close" && after >= eventIdOf(tail[0])) return Option.none()
        const stream = Stream.unwrapScoped(
          Effect.gen(function* () {
            // Blocking reads hold their connection: each listener reads on one of its own.
            const connection = yield* Effect.acquireRelease(
              Effect.sync(() => redis.duplicate()),
              (c) => Effect.promise(() => c.quit().catch(() => "closed"))
            )
            const queue = yield* Queue.bounded<ListenerItem>(options.queueCapacity)
            let lastSeen = after
            const transient = (event: StreamEvent, now: number): ListenerItem => {
              const envelope = wrap(context, event, now, lastSeen)
              return { id: null, type: event.event_type, envelope, json: JSON.stringify(envelope) }
            }
            const now = yield* Clock.currentTimeMillis
            yield* Queue.offer(queue, transient(connectionEvent(info, true), now))
            const reader = Effect.gen(function* () {
              // The retained events after the cursor, a page at a time …
              let cursor = `(${entryId(after)}`
              let firstPage = true
              for (;;) {
                const page = (yield* redisCall("replay", () => connection.xrange(keys.events(runId), cursor, "+", "COUNT", PAGE))) as Array<Entry>
                if (firstPage && page.length > 0) {
                  const firstId = eventIdOf(page[0]![0])
                  if (firstId > after + 1) {
                    yield* Queue.offer(queue, transient(replayGapEvent(info.options.language, firstId), yield* Clock.currentTimeMillis))
                  }
                }
                firstPage = false
                for (const entry of page) {
                  const item = itemOf(entry)
                  lastSeen = item.id!
                  yield* Queue.offer(queue, item)
                  if (isClose(item)) return
                }
                if (page.length < PAGE) break
                cursor = `(${page[page.length - 1]![0]}`
              }
              // … then the new ones as they come.
              for (;;) {
                const read = (yield* redisCall("follow", () =>
                  connection.xread("COUNT", PAGE, "BLOCK", BLOCK_MS, "STREAMS", keys.events(runId), entryId(lastSeen))
                )) as Array<[string, Array<Entry>]> | null
                const entries = read?.[0]?.[1] ?? []
                if (entries.length === 0) {
                  yield* current
                  continue
                }
                for (const entry of entries) {
                  const item = itemOf(entry)
                  lastSeen = item.id!
                  yield* Queue.offer(queue, item)
                  if (isClose(item)) return
                }
              }
            }).pipe(
              // A reader that cannot go on ends the listener; its client resumes from its last id.
              Effect.catchAll((e) =>
                Effect.logWarning(`listener of a run on another instance stopped: ${e.message}`).pipe(Effect.zipRight(Queue.shutdown(queue)))
              )
            )
            yield* Effect.forkScoped(reader)
            yield* Effect.forkScoped(
              heartbeats(
                Duration.seconds(info.options.heartbeatInterval),
                Effect.map(Clock.currentTimeMillis, (at) =>
                  transient(makeEvent("heartbeat", { session_duration: (at - info.startedAt) / 1000, event_count: lastSeen }), at)
                ),
                (beat) => Queue.offer(queue, beat)
              )
            )
            return Stream.fromQueue(queue, { maxChunkSize: 16 }).pipe(Stream.takeUntil(isClose))
          })
        )
        return Option.some(stream)
      })

    return Option.some({ runId, snapshot, document, listen })
  })
