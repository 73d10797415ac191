import { readFile } from "node:fs/promises"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { VERSION } from "../../src/ServerInfo.js"
import { type TestApp, startApp } from "../support/app.js"
import { chunkContents, startRun, userTurn } from "../support/sse.js"

let app: TestApp
beforeAll(async () => {
  app = await startApp({ config: { bufferWindowMs: 50 } })
})
afterAll(async () => {
  await app.settled()
  await app.close()
})

describe("per-request options", () => {
  it("buffer_events coalesces chunk deltas: fewer chunk events, the same text, ids still 1..n", async () => {
    const reply = { tokens: 120, delayMs: 2 }
    app.model.script([reply, reply])
    const plain = await (await startRun(app.baseUrl, userTurn("buffer-off", "go"))).readAll()
    const buffered = await (await startRun(app.baseUrl, userTurn("buffer-on", "go", { buffer_events: true }))).readAll()
    const plainChunks = chunkContents(plain)
    const bufferedChunks = chunkContents(buffered)
    expect(plainChunks).toHaveLength(120)
    expect(bufferedChunks.length).toBeLessThan(plainChunks.length)
    expect(bufferedChunks.join("")).toBe(plainChunks.join(""))
    expect(buffered.map((e) => Number(e.id))).toEqual(buffered.map((_, i) => i + 1))
    const indexes = buffered.filter((e) => e.event === "assistant_message_chunk").map((e) => e.envelope.data["chunk_index"])
    expect(indexes).toEqual(indexes.map((_, i) => i))
    expect(buffered[0]!.envelope.data["config"]).toMatchObject({ buffer_events: true })
    expect(buffered.at(-2)!.envelope.data["status"]).toBe("completed")
  })

  it("include_metadata puts event_index and elapsed_ms in every event's metadata", async () => {
    app.model.script([{ text: "with metadata please", delayMs: 5 }])
    const events = await (await startRun(app.baseUrl, userTurn("meta-on", "go", { include_metadata: true }))).readAll()
    let previous = -1
    for (const [i, e] of events.entries()) {
      expect(e.envelope.metadata["event_index"]).toBe(i)
      const elapsed = e.envelope.metadata["elapsed_ms"] as number
      expect(elapsed).toBeGreaterThanOrEqual(previous)
      previous = elapsed
    }
    app.model.script([{ text: "without" }])
    const plain = await (await startRun(app.baseUrl, userTurn("meta-off", "go"))).readAll()
    for (const e of plain) expect(e.envelope.metadata).toEqual({})
  })

  it("heartbeat_interval: 1 sends heartbeats without ids while a slow model thinks", async () => {
    app.model.script([{ text: "finally", firstDelayMs: 2600 }])
    const stream = await startRun(app.baseUrl, userTurn("heartbeat-1", "go", { heartbeat_interval: 1 }))
    const events = await stream.readAll()
    const beats = events.filter((e) => e.event === "heartbeat")
    expect(beats.length).toBeGreaterThanOrEqual(2)
    for (const beat of beats) {
      expect(beat.id).toBeUndefined()
      expect(beat.envelope).toMatchObject({ event_type: "heartbeat", session_id: "heartbeat-1", metadata: {} })
      expect(typeof beat.envelope.data["session_duration"]).toBe("number")
      expect(typeof beat.envelope.data["event_count"]).toBe("number")
    }
    // Heartbeats are not part of the log: the ids of the other events have no gaps.
    const ids = events.filter((e) => e.id !== undefined).map((e) => Number(e.id))
    expect(ids).toEqual(ids.map((_, i) => i + 1))
  })
})

describe("status, health and the page", () => {
  it("reports health and status with the totals of the runs so far", async () => {
    const health = await fetch(`${app.baseUrl}/health`)
    expect(health.status).toBe(200)
    const body = (await health.json()) as Record<string, unknown>
    expect(body).toMatchObject({ status: "healthy", service: "gtplanner", version: VERSION, llm: { configured: true, model: "scripted-model", demo: false } })
    expect(body["api_status"]).toMatchObject({ status: "running", active_sessions: 0, totals: { runs_started: 5, runs_completed: 5 } })
    const status = (await (await fetch(`${app.baseUrl}/api/status`)).json()) as { totals: { events_emitted: number } }
    expect(status.totals.events_emitted).toBeGreaterThan(100)
  })

  it("serves the page at /, redirects /test there, and serves static files with ETags", async () => {
    const page = await fetch(`${app.baseUrl}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get("content-type")).toMatch(/^text\/html/)
    expect(await page.text()).toBe(await readFile("static/index.html", "utf8"))
    const test = await fetch(`${app.baseUrl}/test`, { redirect: "manual" })
    expect(test.status).toBe(307)
    expect(test.headers.get("location")).toBe("/")
    const css = await fetch(`${app.baseUrl}/static/page.css`)
    expect(css.headers.get("content-type")).toMatch(/^text\/css/)
    const etag = css.headers.get("etag")!
    expect((await fetch(`${app.baseUrl}/static/page.css`, { headers: { "if-none-match": etag } })).status).toBe(304)
    // The page's bundle, built from static-src/ before the suite runs.
    expect((await fetch(`${app.baseUrl}/static/dist/app.js`)).headers.get("content-type")).toMatch(/javascript/)
    expect((await fetch(`${app.baseUrl}/static/..%2fpackage.json`)).status).toBe(404)
    expect((await fetch(`${app.baseUrl}/static/missing.js`)).status).toBe(404)
  })

  it("keeps ServerInfo's version equal to package.json's", async () => {
    expect(VERSION).toBe((JSON.parse(await readFile("package.json", "utf8")) as { version: string }).version)
  })
})
