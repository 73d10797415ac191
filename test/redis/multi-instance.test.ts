/**
 * Two real server processes sharing one real Redis: any instance serves, resumes and cancels any
 * run, one active run per session holds across them, and a lost instance's runs end truthfully.
 */
import { randomUUID } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Redis } from "ioredis"
import { redisKeys } from "../../src/engine/redis/RedisKeys.js"
import * as ScriptedModel from "../../src/llm/scripted/ScriptedModel.js"
import { closedPort, runCommand } from "../support/command.js"
import { grammarViolations } from "../support/grammar.js"
import { plannerScript } from "../support/planner.js"
import { type ServerProcess, spawnServer } from "../support/process.js"
import { redisUnavailable, startRedis, type TestRedis } from "../support/redis.js"
import { openSse, postJson, type SseEvent, startRun, userTurn } from "../support/sse.js"

const skip = redisUnavailable()
if (skip) console.log(`skipping the Redis multi-instance tests: ${skip}`)

const LEASE_S = 2

let redis: TestRedis
let model: ScriptedModel.ScriptedModelServer
let a: ServerProcess
let b: ServerProcess
let prefix: string

const instanceEnv = (prefix: string) => ({
  LLM_BASE_URL: model.url,
  LLM_API_KEY: "sk-test",
  LLM_MODEL: "scripted-model",
  GTPLANNER_REDIS_URL: redis.url,
  GTPLANNER_REDIS_PREFIX: prefix,
  GTPLANNER_LEASE_S: String(LEASE_S)
})

beforeAll(async () => {
  if (skip) return
  redis = await startRedis()
  model = await ScriptedModel.start()
  prefix = `test-${randomUUID().slice(0, 8)}`
  ;[a, b] = await Promise.all([spawnServer(instanceEnv(prefix)), spawnServer(instanceEnv(prefix))])
}, 60_000)

afterAll(async () => {
  if (skip) return
  for (const server of [a, b]) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGTERM")
      await server.exited
    }
  }
  await model.close()
  await redis.stop()
})

const ids = (events: ReadonlyArray<SseEvent>) => events.filter((e) => e.id !== undefined).map((e) => Number(e.id))
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
const attach = (server: ServerProcess, sessionId: string, after: number) =>
  openSse(`${server.baseUrl}/api/chat/agent/${sessionId}/events`, { headers: { "last-event-id": String(after) } })

describe.skipIf(skip !== null)("two instances, one Redis", () => {
  it("resumes on B a run started on A: events k+1..n exactly once, in order, while live and after the end", async () => {
    model.script(plannerScript([{ tokens: 60, delayMs: 30 }]))
    const onA = await startRun(a.baseUrl, userTurn("shared-1", "go"))
    await onA.until((e) => e.id === "6")
    const onB = await attach(b, "shared-1", 6)
    const live = await onB.readAll()
    const all = await onA.readAll()
    expect(live[0]!.event).toBe("connection")
    expect(live[0]!.id).toBeUndefined()
    expect(live[0]!.envelope.data["run_id"]).toBe(onA.response.headers.get("x-run-id"))
    expect(ids(live)).toEqual(range(7, all.length))
    expect(live.slice(1).map((e) => e.data)).toEqual(all.slice(6).map((e) => e.data))
    const after = await (await attach(b, "shared-1", 6)).readAll()
    expect(ids(after)).toEqual(range(7, all.length))
    expect(after.slice(1).map((e) => e.data)).toEqual(all.slice(6).map((e) => e.data))
    // Nothing after the end: 204 on B as on A.
    expect((await fetch(`${b.baseUrl}/api/chat/agent/shared-1/events?after=${all.length}`)).status).toBe(204)
  })

  it("gives every key of a running run an expiry, so a lost instance leaves nothing behind", async () => {
    model.script(plannerScript([{ tokens: 40, delayMs: 30 }]))
    const onA = await startRun(a.baseUrl, userTurn("ttl-1", "go"))
    await onA.until((e) => e.id === "6")
    const keys = redisKeys(prefix)
    const runId = onA.response.headers.get("x-run-id")!
    const client = new Redis(redis.url)
    try {
      for (const key of [keys.events(runId), keys.meta(runId), keys.sessionRun("ttl-1")]) {
        expect(await client.exists(key), key).toBe(1)
        expect(await client.pttl(key), key).toBeGreaterThan(0)
      }
    } finally {
      client.disconnect()
    }
    await onA.readAll()
  })

  it("refuses on B a second run for a session A is running (409), and accepts one once it ended", async () => {
    model.script(plannerScript([{ tokens: 40, delayMs: 30 }, { text: "second run on B" }]))
    const onA = await startRun(a.baseUrl, userTurn("shared-2", "go"))
    await onA.until((e) => e.event === "assistant_message_chunk")
    const refused = await postJson(`${b.baseUrl}/api/chat/agent`, userTurn("shared-2", "again"))
    expect(refused.status).toBe(409)
    expect(await refused.json()).toMatchObject({ error: { code: "session_busy", details: { run_id: onA.response.headers.get("x-run-id") } } })
    await onA.readAll()
    const onB = await (await startRun(b.baseUrl, userTurn("shared-2", "again"))).readAll()
    expect(onB.at(-2)!.envelope.data["status"]).toBe("completed")
  })

  it("serves the snapshot and the documents of A's run from B", async () => {
    model.script(
      plannerScript(
        [
          { toolCalls: [{ id: "p1", name: "short_planning", arguments: { user_requirements: "a bookshop" } }] },
          { toolCalls: [{ id: "d1", name: "design", arguments: { user_requirements: "a bookshop", design_mode: "quick" } }] },
          { text: "Your design is ready." }
        ],
        {
          short_planning: () => ({ text: "## Bookshop\n\n1. **Catalogue**: list books.\n2. **Checkout**: pay." }),
          design_quick: () => ({ text: "# Bookshop: Design\n\n## Overview\n\nA shop for books.\n" })
        }
      )
    )
    const events = await (await startRun(a.baseUrl, { ...userTurn("shared-3", "design a bookshop"), language: "en" })).readAll()
    const doc = events.find((e) => e.event === "design_document_generated")!.envelope.data as { filename: string; content: string }
    const snapshot = (await (await fetch(`${b.baseUrl}/api/sessions/shared-3`)).json()) as Record<string, unknown>
    expect(snapshot).toMatchObject({ session_id: "shared-3", status: "completed", event_count: events.length, run_id: events[0]!.envelope.data["run_id"] })
    expect(snapshot["documents"]).toEqual([{ filename: doc.filename, format: "markdown", bytes: Buffer.byteLength(doc.content) }])
    expect((snapshot["result"] as { new_messages: unknown[] }).new_messages.length).toBeGreaterThan(0)
    const download = await fetch(`${b.baseUrl}/api/sessions/shared-3/documents/${doc.filename}`)
    expect(download.status).toBe(200)
    expect(await download.text()).toBe(doc.content)
  })

  it("cancel sent to B stops the run on A (its model request aborted); listeners on both see it cancelled", async () => {
    model.script(plannerScript([{ tokens: 500, delayMs: 20 }]))
    const onA = await startRun(a.baseUrl, userTurn("shared-4", "go"))
    await onA.until((e) => e.event === "assistant_message_chunk")
    const request = model.requests.at(-1)!
    const onB = await attach(b, "shared-4", 0)
    await onB.until((e) => e.event === "assistant_message_chunk")
    const cancel = await fetch(`${b.baseUrl}/api/chat/agent/shared-4/cancel`, { method: "POST" })
    expect(cancel.status).toBe(202)
    expect(await cancel.json()).toMatchObject({ cancelled: true, run_id: onA.response.headers.get("x-run-id") })
    const [eventsA, eventsB] = await Promise.all([onA.readAll(), onB.readAll()])
    for (const events of [eventsA, eventsB]) {
      expect(events.at(-2)!.envelope.data).toMatchObject({ status: "cancelled" })
      expect(events.at(-1)!.event).toBe("close")
    }
    expect(await request.settled).toBe("aborted")
    expect((await fetch(`${b.baseUrl}/api/chat/agent/shared-4/cancel`, { method: "POST" })).status).toBe(404)
  })

  it("when A is killed mid-run, a listener on B gets the failure ending within the lease time", async () => {
    model.script(plannerScript([{ tokens: 1000, delayMs: 20 }]))
    const onA = await startRun(a.baseUrl, userTurn("shared-5", "go"))
    await onA.until((e) => e.event === "assistant_message_chunk")
    const onB = await attach(b, "shared-5", 0)
    await onB.until((e) => e.event === "assistant_message_chunk")
    a.child.kill("SIGKILL")
    const events = await Promise.race([
      onB.readAll(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("B's listener was not told within 4 lease times")), LEASE_S * 4000 + 2000))
    ])
    expect(events.map((e) => e.event).slice(-5)).toEqual(["assistant_message_end", "error", "conversation_end", "complete", "close"])
    expect(events.at(-4)!.envelope.data["error_details"]).toMatchObject({ code: "instance_lost" })
    expect(events.at(-2)!.envelope.data).toMatchObject({ status: "failed", result: { error: { code: "instance_lost" } } })
    expect(grammarViolations(events.slice(1).map((e) => e.envelope))).toEqual([])
    const seen = ids(events)
    expect(seen).toEqual(range(1, seen.length))
    const snapshot = (await (await fetch(`${b.baseUrl}/api/sessions/shared-5`)).json()) as { status: string }
    expect(snapshot.status).toBe("failed")
    // The session is free again: B takes a new run for it.
    model.script(plannerScript([{ text: "after the loss" }]))
    const next = await (await startRun(b.baseUrl, userTurn("shared-5", "again"))).readAll()
    expect(next.at(-2)!.envelope.data["status"]).toBe("completed")
  })
})

describe("a Redis that cannot be reached", () => {
  it("stops startup with one line naming GTPLANNER_REDIS_URL and the reason", async () => {
    const port = await closedPort()
    const { code, stderr } = await runCommand(["--no-reload", "--no-log-file"], {
      env: { GTPLANNER_PORT: "0", GTPLANNER_REDIS_URL: `redis://127.0.0.1:${port}/0`, LLM_BASE_URL: "http://127.0.0.1:9/v1", LLM_API_KEY: "sk-test" }
    })
    expect(code).toBe(1)
    expect(stderr).toMatch(/GTPLANNER_REDIS_URL: cannot reach Redis \(connect ECONNREFUSED/)
    expect(stderr).not.toMatch(/Unhandled error event/)
  })
})
