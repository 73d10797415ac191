import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { eventually, type TestApp, startApp } from "../support/app.js"
import { grammarViolations } from "../support/grammar.js"
import { chunkContents, openSse, postJson, type SseEvent, startRun, userTurn } from "../support/sse.js"

let app: TestApp
beforeAll(async () => {
  app = await startApp()
})
afterAll(async () => {
  const stats = await app.settled()
  expect(stats.activeRuns).toBe(0)
  expect(stats.listeners).toBe(0)
  await app.close()
})

const slowReply = (tokens: number, delayMs: number) => ({ tokens, delayMs })
const ids = (events: ReadonlyArray<SseEvent>) => events.filter((e) => e.id !== undefined).map((e) => Number(e.id))
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
const snapshot = async (sessionId: string) =>
  (await (await fetch(`${app.baseUrl}/api/sessions/${sessionId}`)).json()) as { status: string; last_event_id: number; listeners: number }
const attach = (sessionId: string, headers: Record<string, string> = {}, query = "") =>
  openSse(`${app.baseUrl}/api/chat/agent/${sessionId}/events${query}`, { headers })
const finished = (sessionId: string) => eventually(async () => ((await snapshot(sessionId)).status !== "running" ? snapshot(sessionId) : undefined), `${sessionId} to end`)

describe("resume and attach", () => {
  it("resumes after event k with Last-Event-ID while the run is live: k+1..n exactly once, in order", async () => {
    app.model.script([slowReply(40, 10)])
    const first = await startRun(app.baseUrl, userTurn("resume-live", "go"))
    await first.until((e) => e.id === "8")
    first.abort()
    const resumed = await attach("resume-live", { "last-event-id": "8" })
    const events = await resumed.readAll()
    expect(events[0]!.event).toBe("connection")
    expect(events[0]!.id).toBeUndefined()
    expect(events[0]!.envelope.data["resumed"]).toBe(true)
    const n = (await snapshot("resume-live")).last_event_id
    expect(ids(events)).toEqual(range(9, n))
    expect(events.at(-1)!.event).toBe("close")
  })

  it("resumes after the run has finished, by header and by ?after=, and the header wins", async () => {
    app.model.script([slowReply(10, 1)])
    const all = await (await startRun(app.baseUrl, userTurn("resume-done", "go"))).readAll()
    const n = all.length
    const byHeader = await (await attach("resume-done", { "last-event-id": "5" })).readAll()
    expect(ids(byHeader)).toEqual(range(6, n))
    expect(byHeader.slice(1).map((e) => e.data)).toEqual(all.slice(5).map((e) => e.data))
    const byQuery = await (await attach("resume-done", {}, "?after=5")).readAll()
    expect(ids(byQuery)).toEqual(range(6, n))
    const both = await (await attach("resume-done", { "last-event-id": "7" }, "?after=2")).readAll()
    expect(ids(both)).toEqual(range(8, n))
    const whole = await (await attach("resume-done")).readAll()
    expect(ids(whole)).toEqual(range(1, n))
    // Nothing after the cursor of a finished run: 204, so EventSource stops reconnecting.
    expect((await fetch(`${app.baseUrl}/api/chat/agent/resume-done/events?after=${n}`)).status).toBe(204)
  })

  it("answers 204 for an unknown session and 400 for a cursor that is not a number", async () => {
    expect((await fetch(`${app.baseUrl}/api/chat/agent/never-seen/events`)).status).toBe(204)
    const bad = await fetch(`${app.baseUrl}/api/chat/agent/resume-done/events`, { headers: { "last-event-id": "abc" } })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_request", details: [{ path: "Last-Event-ID" }] } })
  })

  it("gives two listeners attached at once every event, in order", async () => {
    app.model.script([slowReply(30, 10)])
    const owner = await startRun(app.baseUrl, userTurn("two-listeners", "go"))
    await owner.until((e) => e.event === "assistant_message_chunk")
    const a = await attach("two-listeners")
    const b = await attach("two-listeners")
    const [ea, eb, eo] = await Promise.all([a.readAll(), b.readAll(), owner.readAll()])
    const n = eo.length
    expect(ids(ea)).toEqual(range(1, n))
    expect(ids(eb)).toEqual(range(1, n))
    expect(ea.slice(1).map((e) => e.data)).toEqual(eo.map((e) => e.data))
  })
})

describe("cancel", () => {
  it("cancels a running run: 202, then conversation_end, complete{cancelled}, close; the model request is aborted", async () => {
    app.model.script([slowReply(500, 20)])
    const stream = await startRun(app.baseUrl, userTurn("cancel-1", "go"))
    await stream.until((e) => e.event === "assistant_message_chunk")
    const requestsBefore = app.model.requests.length
    const response = await fetch(`${app.baseUrl}/api/chat/agent/cancel-1/cancel`, { method: "POST" })
    expect(response.status).toBe(202)
    expect(await response.json()).toMatchObject({ cancelled: true, run_id: stream.response.headers.get("x-run-id") })
    const events = await stream.readAll()
    expect(stream.types().slice(-4)).toEqual(["assistant_message_end", "conversation_end", "complete", "close"])
    expect(events.at(-4)!.envelope.data["message_metadata"]).toEqual({ interrupted: true })
    expect(events.at(-2)!.envelope.data).toMatchObject({ status: "cancelled", result: { success: false, error: { code: "cancelled" } } })
    expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
    expect(await app.model.requests[requestsBefore - 1]!.settled).toBe("aborted")
    expect((await snapshot("cancel-1")).status).toBe("cancelled")
  })

  it("closes a cancelled message with every chunk sent before the cancel", async () => {
    app.model.script([slowReply(1000, 2)])
    const stream = await startRun(app.baseUrl, userTurn("cancel-long", "go"))
    await stream.untilChunks(150)
    expect((await fetch(`${app.baseUrl}/api/chat/agent/cancel-long/cancel`, { method: "POST" })).status).toBe(202)
    const events = await stream.readAll()
    const chunks = chunkContents(events)
    expect(chunks.length).toBeGreaterThanOrEqual(150)
    expect(chunks.length).toBeLessThan(1000)
    expect(events.at(-4)!.envelope.data).toEqual(expect.objectContaining({ complete_message: chunks.join(""), message_metadata: { interrupted: true } }))
  })

  it("answers 404 no_active_run when nothing is running", async () => {
    const response = await fetch(`${app.baseUrl}/api/chat/agent/cancel-1/cancel`, { method: "POST" })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: "no_active_run" } })
    expect((await fetch(`${app.baseUrl}/api/chat/agent/nobody-here/cancel`, { method: "POST" })).status).toBe(404)
  })
})

describe("one active run per session", () => {
  it("refuses a second POST for a busy session with 409, and accepts one after the run ended", async () => {
    app.model.script([slowReply(30, 10), { text: "second run" }])
    const first = await startRun(app.baseUrl, userTurn("busy-1", "go"))
    await first.until((e) => e.event === "assistant_message_chunk")
    const second = await postJson(`${app.baseUrl}/api/chat/agent`, userTurn("busy-1", "again"))
    expect(second.status).toBe(409)
    expect(await second.json()).toMatchObject({
      error: { code: "session_busy", details: { events_url: "/api/chat/agent/busy-1/events", run_id: first.response.headers.get("x-run-id") } }
    })
    await first.readAll()
    const third = await startRun(app.baseUrl, userTurn("busy-1", "again"))
    const events = await third.readAll()
    expect(events.at(-2)!.envelope.data["status"]).toBe("completed")
    expect(third.response.headers.get("x-run-id")).not.toBe(first.response.headers.get("x-run-id"))
  })

  it("lets only one of many simultaneous POSTs for one session start a run", async () => {
    app.model.script(Array.from({ length: 8 }, () => slowReply(5, 20)))
    const responses = await Promise.all(Array.from({ length: 8 }, () => postJson(`${app.baseUrl}/api/chat/agent`, userTurn("race-1", "go"))))
    const statuses = responses.map((r) => r.status).sort()
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409])
    await Promise.all(responses.map((r) => r.text()))
  })
})

describe("on_disconnect", () => {
  it('"cancel": dropping the connection aborts the upstream model request', async () => {
    app.model.script([slowReply(500, 20)])
    const stream = await startRun(app.baseUrl, userTurn("disc-cancel", "go", { on_disconnect: "cancel" }))
    await stream.until((e) => e.event === "assistant_message_chunk")
    const request = app.model.requests.at(-1)!
    stream.abort()
    const outcome = await Promise.race([request.settled, new Promise((r) => setTimeout(() => r("still streaming after 2 s"), 2000))])
    expect(outcome).toBe("aborted")
    expect((await finished("disc-cancel")).status).toBe("cancelled")
  })

  it('"continue": the run finishes without anyone listening and its snapshot says completed', async () => {
    app.model.script([slowReply(30, 10)])
    const stream = await startRun(app.baseUrl, userTurn("disc-continue", "go"))
    await stream.until((e) => e.event === "assistant_message_chunk")
    stream.abort()
    expect((await finished("disc-continue")).status).toBe("completed")
    expect(await app.model.requests.at(-1)!.settled).toBe("completed")
    const replay = await (await attach("disc-continue")).readAll()
    expect(replay.at(-1)!.event).toBe("close")
  })
})
