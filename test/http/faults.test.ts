import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Fault } from "../../src/llm/scripted/Reply.js"
import { type TestApp, startApp } from "../support/app.js"
import { grammarViolations } from "../support/grammar.js"
import { startRun, userTurn } from "../support/sse.js"

let app: TestApp
beforeAll(async () => {
  app = await startApp({ llm: { idleTimeoutS: 0.5, maxRetries: 2, retryBaseDelayMs: 20 } })
})
afterAll(async () => {
  const stats = await app.settled()
  expect(stats.activeRuns).toBe(0)
  expect(stats.listeners).toBe(0)
  await app.close()
})

const failingRun = async (sessionId: string, faults: ReadonlyArray<Fault>) => {
  app.model.script(faults.map((fault) => ({ text: "partial answer", fault })))
  const before = app.model.requests.length
  const events = await (await startRun(app.baseUrl, userTurn(sessionId, "hello"))).readAll()
  return { events, requests: app.model.requests.length - before }
}

/** After any failure the server serves the next run normally. */
const nextRunWorks = async (sessionId: string) => {
  app.model.script([{ text: "all good" }])
  const events = await (await startRun(app.baseUrl, userTurn(sessionId, "again"))).readAll()
  expect(events.at(-2)!.envelope.data).toMatchObject({ status: "completed", result: { success: true } })
}

describe("a failing model ends the run truthfully: error → conversation_end{success:false} → complete{failed} → close", () => {
  const cases: ReadonlyArray<{ name: string; faults: ReadonlyArray<Fault>; code: string; requests: number }> = [
    { name: "500 on every attempt", faults: Array(3).fill({ type: "status", status: 500 }), code: "llm_unavailable", requests: 3 },
    { name: "401 (not retried)", faults: [{ type: "status", status: 401, message: "Incorrect API key" }], code: "llm_auth", requests: 1 },
    { name: "a malformed chunk", faults: [{ type: "malformed", afterChunks: 2 }], code: "llm_bad_response", requests: 1 },
    { name: "a disconnect mid-stream (not retried once tokens flowed)", faults: [{ type: "disconnect", afterChunks: 2 }], code: "llm_unavailable", requests: 1 },
    { name: "a stall past the idle timeout", faults: [{ type: "stall", afterChunks: 2 }], code: "llm_timeout", requests: 1 },
    { name: "a stream that ends without finishing", faults: [{ type: "no_done" }], code: "llm_bad_response", requests: 1 },
    { name: "a connection reset before any response", faults: Array(3).fill({ type: "reset" }), code: "llm_unavailable", requests: 3 }
  ]
  for (const [index, c] of cases.entries()) {
    it(c.name, async () => {
      const sessionId = `fault-${index}`
      const { events, requests } = await failingRun(sessionId, c.faults)
      expect(requests).toBe(c.requests)
      expect(events.map((e) => e.event).slice(-4)).toEqual(["error", "conversation_end", "complete", "close"])
      expect(events.at(-4)!.envelope.data["error_details"]).toMatchObject({ code: c.code })
      expect(typeof events.at(-4)!.envelope.data["error_message"]).toBe("string")
      expect(events.at(-3)!.envelope.data["success"]).toBe(false)
      expect(events.at(-2)!.envelope.data).toMatchObject({ status: "failed", result: { success: false, error: { code: c.code } } })
      expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
      const snapshot = (await (await fetch(`${app.baseUrl}/api/sessions/${sessionId}`)).json()) as { status: string }
      expect(snapshot.status).toBe("failed")
      await nextRunWorks(sessionId)
    })
  }

  it("retries a 500 before the first token and then succeeds", async () => {
    app.model.script([{ fault: { type: "status", status: 500 } }, { text: "second time lucky" }])
    const before = app.model.requests.length
    const events = await (await startRun(app.baseUrl, userTurn("retry-ok", "hello"))).readAll()
    expect(app.model.requests.length - before).toBe(2)
    expect(events.at(-2)!.envelope.data).toMatchObject({ status: "completed" })
    expect(events.find((e) => e.event === "assistant_message_end")!.envelope.data["complete_message"]).toBe("second time lucky")
  })

  it("waits as long as a 429's Retry-After says before retrying", async () => {
    app.model.script([{ fault: { type: "status", status: 429, retryAfterSeconds: 1 } }, { text: "after the wait" }])
    const before = app.model.requests.length
    const started = Date.now()
    const events = await (await startRun(app.baseUrl, userTurn("retry-after", "hello"))).readAll()
    expect(app.model.requests.length - before).toBe(2)
    // A lower bound only: the retry cannot have come sooner than the provider asked.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(events.at(-2)!.envelope.data).toMatchObject({ status: "completed" })
  })

  it("keeps a partially streamed message closed exactly once when the model fails mid-message", async () => {
    const { events } = await failingRun("mid-message", [{ type: "disconnect", afterChunks: 3 }])
    expect(events.filter((e) => e.event === "assistant_message_start")).toHaveLength(1)
    const end = events.filter((e) => e.event === "assistant_message_end")
    expect(end).toHaveLength(1)
    expect(end[0]!.envelope.data).toMatchObject({ complete_message: "partial answer", message_metadata: { interrupted: true } })
  })
})
