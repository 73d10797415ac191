import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { eventually, type TestApp, startApp } from "../support/app.js"
import { startRun, userTurn } from "../support/sse.js"

const TOKENS = 100_000
const QUEUE = 256

let app: TestApp
beforeAll(async () => {
  app = await startApp({ config: { listenerQueue: QUEUE, sendTimeoutS: 120 } })
})
afterAll(async () => {
  const stats = await app.settled()
  expect(stats.activeRuns).toBe(0)
  expect(stats.listeners).toBe(0)
  await app.close()
})

describe("backpressure", () => {
  it("suspends the run while its only client does not read, buffering at most the queue capacity, then delivers everything in order", async () => {
    app.model.script([{ tokens: TOKENS }])
    // On a loaded machine the run can outlast the default 30 s heartbeat, whose id-less event would
    // break the contiguous-ids check below.
    const stream = await startRun(app.baseUrl, userTurn("slow-reader", "stream a lot", { heartbeat_interval: 300 }))
    await stream.until((e) => e.event === "assistant_message_chunk")
    // The client stops reading here. Socket buffers fill, the response stops pulling, the
    // listener queue fills, and the run waits on it.
    const blocked = await eventually(async () => {
      const s = await app.stats()
      return s.blockedAppends > 0 ? s : undefined
    }, "the run to block on the full listener queue", 20_000)
    expect(blocked.bufferedEvents).toBeLessThanOrEqual(QUEUE)
    expect(blocked.bufferedEvents).toBeGreaterThan(0)
    const snapshot = async () => (await (await fetch(`${app.baseUrl}/api/sessions/slow-reader`)).json()) as { status: string; last_event_id: number }
    const first = await snapshot()
    expect(first.status).toBe("running")
    expect(first.last_event_id).toBeLessThan(TOKENS / 2)
    // Still suspended a moment later: nothing is produced while nobody reads.
    await new Promise((r) => setTimeout(r, 300))
    expect((await snapshot()).last_event_id).toBe(first.last_event_id)
    expect(app.model.requests.at(-1)!.outcome).toBe("streaming")

    // Heartbeats (no id) may come in between when the machine is slow; they are not in the log.
    const events = (await stream.readAll()).filter((e) => e.event !== "heartbeat")
    const chunks = events.filter((e) => e.event === "assistant_message_chunk")
    expect(chunks).toHaveLength(TOKENS)
    // On a loaded machine this run outlasts the 30 s heartbeat interval: heartbeats (no id) may come anywhere.
    const logged = events.filter((e) => e.event !== "heartbeat")
    expect(logged.map((e) => Number(e.id))).toEqual(logged.map((_, i) => i + 1))
    for (let i = 0; i < TOKENS; i += 9973) expect(chunks[i]!.envelope.data["content"]).toBe(`t${i} `)
    expect(chunks.at(-1)!.envelope.data["content"]).toBe(`t${TOKENS - 1} `)
    expect(events.at(-2)!.envelope.data["status"]).toBe("completed")
  }, 90_000)
})
