/**
 * The load client, in its own process (forked by the harness, told what to do over IPC). It opens
 * N streams on `POST /api/chat/agent` with `node:http` (one socket each: the relays close the
 * connection after a stream), parses them with `eventsource-parser`, and checks each one: ids
 * 1, 2, 3… without gaps, every stamped token exactly once and in order, `close` last. From the
 * token stamps it measures relay latency (receive time − emission time, both epoch ms) and time to
 * first token. For the backpressure scenario it stops reading every stream after a few tokens,
 * tells the harness, and reads on when told to resume.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser"
import { Agent, request } from "node:http"
import { benchPrompt, STAMP } from "./harness/benchPrompt.js"
import { summarize, type Summary } from "./harness/stats.js"

export interface LoadConfig {
  readonly baseUrl: string
  /** Prefix of the streams' session ids (unique per run). */
  readonly label: string
  readonly streams: number
  readonly tokens: number
  readonly tps: number
  /** The streams start evenly spread over this time. */
  readonly rampMs: number
  /** Stop reading each stream after this many tokens, until the harness says `resume`. */
  readonly pauseAfterTokens: number | null
  /** Keep every token's latency (skip for huge streams). */
  readonly recordLatency: boolean
  /** A stream not closed by then fails. */
  readonly timeoutMs: number
}

export type ToClient = { readonly type: "run"; readonly config: LoadConfig } | { readonly type: "resume" }

export interface LoadResult {
  readonly startedAt: number
  readonly endedAt: number
  /** When every stream had its response headers (null if some never did). */
  readonly allOpenAt: number | null
  readonly streams: number
  readonly completed: number
  readonly failureCount: number
  /** The first few failures, with their reasons. */
  readonly failures: ReadonlyArray<{ readonly stream: number; readonly reason: string }>
  readonly tokens: number
  readonly events: number
  readonly bytes: number
  readonly latencyMs: Summary | null
  readonly ttftMs: Summary | null
  readonly clientCpuSeconds: number
}

export type FromClient =
  | { readonly type: "paused"; readonly at: number; readonly tokens: number }
  | { readonly type: "resuming"; readonly at: number; readonly tokens: number }
  | { readonly type: "result"; readonly result: LoadResult }

const send = (message: FromClient) => process.send?.(message)

interface StreamState {
  lastId: number
  tokens: number
  closed: boolean
  failure: string | null
  paused: boolean
}

/** Reads on every paused stream of the current run. */
let resumeAll = () => {}

const run = (config: LoadConfig): Promise<LoadResult> =>
  new Promise((done) => {
    const cpuAtStart = process.cpuUsage()
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity })
    const body = (i: number) =>
      JSON.stringify({
        session_id: `${config.label}-${i}`,
        dialogue_history: [{ role: "user", content: benchPrompt({ tokens: config.tokens, tps: config.tps }) }],
        language: "en"
      })
    const latencies: Array<number> = []
    const ttfts: Array<number> = []
    const failures: Array<{ stream: number; reason: string }> = []
    const pausedStreams: Array<() => void> = []
    let failureCount = 0
    let settled = 0
    let opened = 0
    let allOpenAt: number | null = null
    let events = 0
    let bytes = 0
    let tokens = 0
    const startedAt = Date.now()

    const finish = () => {
      const cpu = process.cpuUsage(cpuAtStart)
      agent.destroy()
      done({
        startedAt,
        endedAt: Date.now(),
        allOpenAt,
        streams: config.streams,
        completed: config.streams - failureCount,
        failureCount,
        failures,
        tokens,
        events,
        bytes,
        latencyMs: latencies.length > 0 ? summarize(latencies) : null,
        ttftMs: ttfts.length > 0 ? summarize(ttfts) : null,
        clientCpuSeconds: (cpu.user + cpu.system) / 1e6
      })
    }

    const pausedAll = () => {
      if (pausedStreams.length + failureCount < config.streams) return
      send({ type: "paused", at: Date.now(), tokens })
    }

    resumeAll = () => {
      send({ type: "resuming", at: Date.now(), tokens })
      for (const resume of pausedStreams.splice(0)) resume()
    }

    const open = (i: number) => {
      const state: StreamState = { lastId: 0, tokens: 0, closed: false, failure: null, paused: false }
      const requestedAt = Date.now()
      let receivedAt = requestedAt
      let ended = false
      const end = (failure: string | null) => {
        if (ended) return
        ended = true
        clearTimeout(timer)
        const reason = failure ?? state.failure ?? (!state.closed ? "ended before close" : state.tokens !== config.tokens ? `${state.tokens} of ${config.tokens} tokens` : null)
        if (reason !== null) {
          failureCount++
          if (failures.length < 20) failures.push({ stream: i, reason })
          if (config.pauseAfterTokens !== null && !state.paused) pausedAll()
        }
        if (++settled === config.streams) finish()
      }
      const timer = setTimeout(() => {
        end(`not closed within ${config.timeoutMs} ms`)
        req.destroy()
      }, config.timeoutMs)

      const onEvent = (message: EventSourceMessage) => {
        events++
        if (message.id !== undefined) {
          const id = Number(message.id)
          if (id !== state.lastId + 1) state.failure ??= `id ${id} after ${state.lastId}`
          state.lastId = id
        }
        const envelope = JSON.parse(message.data) as { event_type: string; data: { content?: string } }
        if (envelope.event_type !== message.event) state.failure ??= `event ${message.event} carries ${envelope.event_type}`
        if (envelope.event_type === "close") state.closed = true
        if (envelope.event_type !== "assistant_message_chunk") return
        for (const [, index, stamp] of (envelope.data.content ?? "").matchAll(STAMP)) {
          if (Number(index) !== state.tokens) state.failure ??= `token ${index} where ${state.tokens} was due`
          if (state.tokens === 0) ttfts.push(receivedAt - requestedAt)
          state.tokens++
          tokens++
          if (config.recordLatency) latencies.push(receivedAt - Number(stamp))
        }
      }
      const parser = createParser({ onEvent })

      const req = request(
        `${config.baseUrl}/api/chat/agent`,
        { method: "POST", agent, headers: { "content-type": "application/json", accept: "text/event-stream" } },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume()
            return end(`HTTP ${res.statusCode}`)
          }
          if (++opened === config.streams) allOpenAt = Date.now()
          res.setEncoding("utf8")
          res.on("data", (text: string) => {
            receivedAt = Date.now()
            bytes += text.length
            parser.feed(text)
            if (config.pauseAfterTokens !== null && !state.paused && state.tokens >= config.pauseAfterTokens) {
              state.paused = true
              res.pause()
              pausedStreams.push(() => res.resume())
              pausedAll()
            }
          })
          res.on("end", () => end(null))
          res.on("error", (error) => end(`response: ${error.message}`))
        }
      )
      req.on("error", (error) => end(`request: ${error.message}`))
      req.end(body(i))
    }

    for (let i = 0; i < config.streams; i++) {
      const at = config.streams <= 1 ? 0 : (config.rampMs * i) / config.streams
      if (at === 0) open(i)
      else setTimeout(() => open(i), at)
    }
  })

// Runs come one at a time (a warm-up, then the measured run); the harness ends the process.
process.on("message", (message: ToClient) => {
  if (message.type === "resume") return resumeAll()
  void run(message.config).then((result) => send({ type: "result", result }))
})
