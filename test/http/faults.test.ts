import { Option } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Fault } from "../../src/llm/scripted/Reply.js"
import { type TestApp, startApp } from "../support/app.js"
import { closedPort } from "../support/command.js"
import { grammarViolations } from "../support/grammar.js"
import { chunkContents, startRun, userTurn } from "../support/sse.js"
import { echoTool } from "../support/tools.js"

let app: TestApp
beforeAll(async () => {
  app = await startApp({ llm: { idleTimeoutS: 0.5, maxRetries: 2, retryBaseDelayMs: 20 }, tools: [echoTool] })
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

  it("tool-call arguments that never close fail that call with its tool message, and the turn goes on", async () => {
    app.model.script([
      { toolCalls: [{ id: "open_args", name: "echo", arguments: { text: "never closed" } }], fault: { type: "unterminated_arguments" } },
      { text: "I will try again later." }
    ])
    const events = await (await startRun(app.baseUrl, userTurn("unclosed-args", "hello"))).readAll()
    expect(events.find((e) => e.event === "tool_call_end")!.envelope.data).toMatchObject({ call_id: "open_args", status: "failed" })
    expect(events.at(-2)!.envelope.data).toMatchObject({ status: "completed" })
    expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
    const toolMessages = app.model.requests.at(-1)!.body.messages.filter((m) => m.role === "tool")
    expect(toolMessages.map((m) => m.tool_call_id)).toEqual(["open_args"])
  })

  it("a tool name the server does not know fails that call and the turn goes on", async () => {
    app.model.script([{ toolCalls: [{ id: "ghost", name: "launch_rockets", arguments: {} }] }, { text: "Understood." }])
    const events = await (await startRun(app.baseUrl, userTurn("unknown-tool", "hello"))).readAll()
    expect(events.find((e) => e.event === "tool_call_end")!.envelope.data).toMatchObject({ tool_name: "launch_rockets", status: "failed" })
    expect(events.at(-2)!.envelope.data).toMatchObject({ status: "completed" })
  })

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

  it("closes a cancelled second message with its own chunks only, after a first message and a tool call", async () => {
    app.model.script([{ text: "Checking now.", toolCalls: [{ name: "echo", arguments: { text: "hi" } }] }, { tokens: 1000, delayMs: 2 }])
    const stream = await startRun(app.baseUrl, userTurn("cancel-second", "hello"))
    let starts = 0
    await stream.until((e) => e.event === "assistant_message_start" && ++starts === 2)
    await stream.untilChunks(40)
    expect((await fetch(`${app.baseUrl}/api/chat/agent/cancel-second/cancel`, { method: "POST" })).status).toBe(202)
    const events = await stream.readAll()
    const [first, last] = events.filter((e) => e.event === "assistant_message_end").map((e) => e.envelope.data)
    expect(first).toMatchObject({ complete_message: "Checking now." })
    const ownChunks = chunkContents(events, last!["message_id"])
    expect(ownChunks.length).toBeGreaterThanOrEqual(40)
    expect(last).toEqual(expect.objectContaining({ complete_message: ownChunks.join(""), message_metadata: { interrupted: true } }))
  })

  it("closes a long message cut mid-stream with every chunk sent before the cut", async () => {
    app.model.script([{ tokens: 150, fault: { type: "disconnect", afterChunks: 140 } }])
    const events = await (await startRun(app.baseUrl, userTurn("mid-message-long", "hello"))).readAll()
    const chunks = chunkContents(events)
    expect(chunks.length).toBeGreaterThan(100)
    const end = events.filter((e) => e.event === "assistant_message_end")
    expect(end).toHaveLength(1)
    expect(end[0]!.envelope.data).toMatchObject({ complete_message: chunks.join(""), message_metadata: { interrupted: true } })
  })
})

describe("a model that cannot be reached at all", () => {
  const unreachable = async (baseUrl: string, code: string) => {
    const broken = await startApp({ llm: { baseUrl: Option.some(baseUrl), maxRetries: 1, retryBaseDelayMs: 10, firstTokenTimeoutS: 5 } })
    try {
      for (const session of ["down-1", "down-2"]) {
        const events = await (await startRun(broken.baseUrl, userTurn(session, "hello"))).readAll()
        expect(events.map((e) => e.event).slice(-4)).toEqual(["error", "conversation_end", "complete", "close"])
        expect(events.at(-4)!.envelope.data["error_details"]).toMatchObject({ code })
        expect(events.at(-2)!.envelope.data).toMatchObject({ status: "failed" })
      }
      // The server itself stays healthy and keeps serving.
      expect((await fetch(`${broken.baseUrl}/health`)).status).toBe(200)
      expect((await broken.settled()).activeRuns).toBe(0)
    } finally {
      await broken.close()
    }
  }

  it("connection refused → llm_unavailable", async () => {
    await unreachable(`http://127.0.0.1:${await closedPort()}/v1`, "llm_unavailable")
  })

  it("a host name that does not resolve → llm_unavailable", async () => {
    await unreachable("http://no-such-host.invalid/v1", "llm_unavailable")
  })
})

describe("a 10 MB single chunk", () => {
  it("is relayed whole, the run completes, and the next run is served", async () => {
    // Its own server: parsing 10 MB takes longer than the short idle timeout used above.
    const big = await startApp({ llm: { idleTimeoutS: 20 } })
    try {
      big.model.script([{ fault: { type: "huge_chunk", bytes: 10 * 1024 * 1024 } }, { text: "small again" }])
      const events = await (await startRun(big.baseUrl, userTurn("huge-chunk", "hello"))).readAll()
      const chunk = events.find((e) => e.event === "assistant_message_chunk")!
      expect(String(chunk.envelope.data["content"]).length).toBe(10 * 1024 * 1024)
      expect(events.at(-2)!.envelope.data).toMatchObject({ status: "completed" })
      const next = await (await startRun(big.baseUrl, userTurn("after-huge", "hello"))).readAll()
      expect(next.at(-2)!.envelope.data).toMatchObject({ status: "completed" })
    } finally {
      await big.close()
    }
  })
})
