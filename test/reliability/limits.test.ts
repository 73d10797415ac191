import parse from "parse-prometheus-text-format"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { eventually, type TestApp, startApp } from "../support/app.js"
import { openSse, postJson, startRun, userTurn } from "../support/sse.js"
import { echoTool, failingTool } from "../support/tools.js"

let app: TestApp
beforeAll(async () => {
  app = await startApp({ config: { maxConcurrentRuns: 3, sendTimeoutS: 1, listenerQueue: 32 }, tools: [echoTool, failingTool] })
})
afterAll(async () => {
  const stats = await app.settled()
  expect(stats.activeRuns).toBe(0)
  expect(stats.listeners).toBe(0)
  await app.close()
})

describe("limits", () => {
  it("refuses runs beyond the concurrency limit with 503 overloaded and Retry-After", async () => {
    app.model.script(Array.from({ length: 3 }, () => ({ tokens: 50, delayMs: 20 })))
    const running = await Promise.all([1, 2, 3].map((i) => startRun(app.baseUrl, userTurn(`busy-${i}`, "go"))))
    const refused = await postJson(`${app.baseUrl}/api/chat/agent`, userTurn("busy-4", "go"))
    expect(refused.status).toBe(503)
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0)
    expect(await refused.json()).toMatchObject({ error: { code: "overloaded" } })
    const health = (await (await fetch(`${app.baseUrl}/health`)).json()) as { status: string }
    expect(health.status).toBe("degraded")
    await Promise.all(running.map((s) => s.readAll()))
    app.model.script([{ text: "room again" }])
    const after = await (await startRun(app.baseUrl, userTurn("busy-4", "go"))).readAll()
    expect(after.at(-2)!.envelope.data["status"]).toBe("completed")
  })
})

describe("slow and dead clients", () => {
  it("drops a client that reads nothing for longer than the send timeout; the run completes and stays attachable", async () => {
    app.model.script([{ tokens: 30_000 }])
    const stalled = await startRun(app.baseUrl, userTurn("stalled-1", "go"))
    await stalled.until((e) => e.event === "assistant_message_chunk")
    // From here the client reads nothing. The server must not wait for it, nor keep it.
    const done = await eventually(async () => {
      const snapshot = (await (await fetch(`${app.baseUrl}/api/sessions/stalled-1`)).json()) as { status: string; listeners: number }
      return snapshot.status === "completed" ? snapshot : undefined
    }, "the run to complete without its reader", 30_000)
    expect(done.listeners).toBe(0)
    const stats = await eventually(async () => {
      const s = await app.stats()
      return s.listeners === 0 ? s : undefined
    }, "the stalled listener to be released", 10_000)
    expect(stats.bufferedEvents).toBe(0)
    // Retained memory stays bounded by the retention, not by what the reader missed.
    const events = await (await openSse(`${app.baseUrl}/api/chat/agent/stalled-1/events?after=29000`)).readAll()
    expect(events.at(-1)!.event).toBe("close")
    expect(events.filter((e) => e.id !== undefined).length).toBeLessThan(1100)
    // The stalled client's own stream was cut short before the end.
    const rest = await stalled.readAll()
    expect(rest.at(-1)?.event).not.toBe("close")
  })
})

describe("/metrics", () => {
  it("is Prometheus text whose counters match the runs made", async () => {
    // The text must parse as Prometheus exposition format; sample values are then read from
    // the lines themselves (the parser keeps no labels on histogram series).
    const scrape = async () => {
      const response = await fetch(`${app.baseUrl}/metrics`)
      expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/)
      const text = await response.text()
      const families = parse(text)
      expect(families.length).toBeGreaterThan(5)
      return { text, families }
    }
    const value = (scraped: { text: string }, series: string, labels: Record<string, string> = {}) => {
      for (const line of scraped.text.split("\n")) {
        const match = line.match(/^([a-z_]+)(?:\{(.*)\})? (\S+)$/)
        if (!match || match[1] !== series) continue
        const have = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
        if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3])
      }
      return 0
    }
    const before = await scrape()
    app.model.script([
      { toolCalls: [{ name: "echo", arguments: { text: "a" } }, { name: "always_fails", arguments: {} }] },
      { text: "done" },
      { fault: { type: "status", status: 401 } }
    ])
    await (await startRun(app.baseUrl, userTurn("metrics-ok", "go"))).readAll()
    const failed = await (await startRun(app.baseUrl, userTurn("metrics-fail", "go"))).readAll()
    const after = await scrape()
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels)
    expect(delta("gtplanner_runs_started_total")).toBe(2)
    expect(delta("gtplanner_runs_ended_total", { status: "completed" })).toBe(1)
    expect(delta("gtplanner_runs_ended_total", { status: "failed" })).toBe(1)
    expect(delta("gtplanner_llm_errors_total", { code: "llm_auth" })).toBe(1)
    expect(delta("gtplanner_llm_request_seconds_count", { outcome: "ok" })).toBe(2)
    expect(delta("gtplanner_tool_execution_seconds_count", { tool: "echo", outcome: "completed" })).toBe(1)
    expect(delta("gtplanner_tool_execution_seconds_count", { tool: "always_fails", outcome: "failed" })).toBe(1)
    const okEvents = (await (await fetch(`${app.baseUrl}/api/sessions/metrics-ok`)).json()) as { event_count: number }
    expect(delta("gtplanner_events_emitted_total")).toBe(okEvents.event_count + failed.length)
    expect(delta("gtplanner_event_write_seconds_count")).toBe(okEvents.event_count + failed.length)
    expect(value(after, "gtplanner_active_runs")).toBe(0)
    expect(after.families.find((f) => f.name === "gtplanner_event_write_seconds")!.type).toBe("HISTOGRAM")
    expect(after.families.find((f) => f.name === "gtplanner_runs_started_total")!.type).toBe("COUNTER")
  })
})
