import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { eventually, type TestApp, startApp } from "../support/app.js"
import { grammarViolations } from "../support/grammar.js"
import { openSse, type SseEvent, startRun, userTurn } from "../support/sse.js"

const RUNS = 1000
const CONCURRENCY = 100
const WARM_UP = 100

setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void
const heapAfterGc = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** A small deterministic generator, so a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff
}

let app: TestApp
beforeAll(async () => {
  app = await startApp({ config: { retentionS: 8, maxConcurrentRuns: CONCURRENCY * 2 }, llm: { idleTimeoutS: 10 } })
  const next = random(7)
  // Paced like a model (60–120 ms a token): model, server and 100 clients share this one process
  // and its one thread; saturated, a client would fall seconds behind and outlive the retention.
  app.model.script(() => ({ tokens: 5 + Math.floor(next() * 15), delayMs: 60 + Math.floor(next() * 60) }))
})
afterAll(async () => {
  await app.close()
})

type Outcome = "read" | "resumed" | "cancelled" | "dropped"

const ids = (events: ReadonlyArray<SseEvent>) => events.filter((e) => e.id !== undefined).map((e) => Number(e.id))

/** Events a listener that stayed connected saw: contiguous ids and a truthful end. */
const checkComplete = (events: ReadonlyArray<SseEvent>, from = 1) => {
  const seen = ids(events)
  expect(seen).toEqual(seen.map((_, i) => from + i))
  expect(events.at(-1)?.event).toBe("close")
}

const oneRun = async (index: number, next: () => number): Promise<Outcome> => {
  const sessionId = `soak-${index}`
  const roll = next()
  if (roll < 0.55) {
    const events = await (await startRun(app.baseUrl, userTurn(sessionId, "go"))).readAll()
    checkComplete(events)
    expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
    return "read"
  }
  if (roll < 0.75) {
    // Disconnect after a few events, then resume from the last id received.
    const first = await startRun(app.baseUrl, userTurn(sessionId, "go"))
    const stopAt = 2 + Math.floor(next() * 6)
    let last = 0
    for (let i = 0; i < stopAt; i++) {
      const event = await first.next()
      if (event === undefined) break
      if (event.id !== undefined) last = Number(event.id)
    }
    first.abort()
    const resumed = await openSse(`${app.baseUrl}/api/chat/agent/${sessionId}/events`, { headers: { "last-event-id": String(last) } })
    const events = await resumed.readAll()
    expect(events[0]!.event).toBe("connection")
    checkComplete(events.slice(1), last + 1)
    return "resumed"
  }
  if (roll < 0.9) {
    // Cancel while reading; the run may also have finished first.
    const stream = await startRun(app.baseUrl, userTurn(sessionId, "go"))
    await stream.next()
    const cancel = await fetch(`${app.baseUrl}/api/chat/agent/${sessionId}/cancel`, { method: "POST" })
    expect([202, 404]).toContain(cancel.status)
    await cancel.text()
    const events = await stream.readAll()
    checkComplete(events)
    expect(["cancelled", "completed"]).toContain(events.at(-2)!.envelope.data["status"])
    return "cancelled"
  }
  // Drop the connection of a run that cancels on disconnect.
  const stream = await startRun(app.baseUrl, userTurn(sessionId, "go", { on_disconnect: "cancel" }))
  await stream.next()
  stream.abort()
  return "dropped"
}

describe("soak", () => {
  it(`${RUNS} runs, ${CONCURRENCY} at a time, with disconnects, cancels and resumes: nothing leaks, nothing is lost`, async () => {
    const next = random(42)
    const outcomes = new Map<Outcome, number>()
    let peakRss = 0
    const soak = async (first: number, count: number) => {
      let started = first
      const worker = async () => {
        while (started < first + count) {
          const outcome = await oneRun(started++, next)
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
          peakRss = Math.max(peakRss, process.memoryUsage().rss)
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    }
    const quiet = () =>
      eventually(async () => {
        const s = await app.stats()
        return s.activeRuns === 0 && s.listeners === 0 && s.retainedRuns === 0 ? s : undefined
      }, "every run to end and expire", 20_000)
    // A warm-up round first, so the baseline already holds what stays for good (compiled code,
    // pooled connections): what grows after it would be a leak.
    await soak(-WARM_UP, WARM_UP)
    const warm = await quiet()
    app.model.clearRequests()
    outcomes.clear()
    const heapBefore = heapAfterGc()
    const fibersBefore = await app.liveFibers()
    const t0 = Date.now()
    await soak(0, RUNS)
    const seconds = (Date.now() - t0) / 1000
    app.model.clearRequests()

    const quietStats = await quiet()
    const stats = { ...quietStats, totals: Object.fromEntries(Object.entries(quietStats.totals).map(([k, v]) => [k, v - warm.totals[k as keyof typeof warm.totals]])) as unknown as typeof quietStats.totals }
    expect(stats.bufferedEvents).toBe(0)
    expect(stats.totals.runs_started).toBe(RUNS)
    expect(stats.totals.runs_completed + stats.totals.runs_failed + stats.totals.runs_cancelled).toBe(RUNS)
    expect(stats.totals.runs_failed).toBe(0)
    expect(await eventually(async () => ((await app.liveFibers()) <= fibersBefore ? app.liveFibers() : undefined), "fibers to wind down", 10_000)).toBeLessThanOrEqual(
      fibersBefore
    )
    const heapAfter = heapAfterGc()
    const grownMiB = (heapAfter - heapBefore) / 1024 / 1024
    console.log(
      `soak: ${RUNS} runs in ${seconds.toFixed(1)} s (${JSON.stringify(Object.fromEntries(outcomes))}), ` +
        `${stats.totals.events_emitted} events, peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB, ` +
        `heap after GC ${grownMiB >= 0 ? "+" : ""}${grownMiB.toFixed(1)} MiB`
    )
    expect(grownMiB).toBeLessThan(8)
  }, 120_000)
})
