import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as ScriptedModel from "../../src/llm/scripted/ScriptedModel.js"
import { spawnServer } from "../support/process.js"
import { postJson, startRun, userTurn } from "../support/sse.js"

let model: ScriptedModel.ScriptedModelServer
beforeAll(async () => {
  model = await ScriptedModel.start()
})
afterAll(() => model.close())

const env = () => ({ LLM_BASE_URL: model.url, LLM_API_KEY: "sk-test", LLM_MODEL: "scripted-model", GTPLANNER_SHUTDOWN_GRACE_S: "1.5" })
const within = <A>(promise: Promise<A>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms))])

describe("graceful shutdown of the real server process", () => {
  it("on SIGTERM, an open stream gets its closing events, new runs get 503, and the process exits 0 within the grace", async () => {
    model.script([{ tokens: 1000, delayMs: 20 }])
    const server = await spawnServer(env())
    const stream = await startRun(server.baseUrl, userTurn("sigterm-1", "a long answer please"))
    await stream.until((e) => e.event === "assistant_message_chunk")
    server.child.kill("SIGTERM")
    await new Promise((r) => setTimeout(r, 100))
    const refused = await postJson(`${server.baseUrl}/api/chat/agent`, userTurn("sigterm-2", "too late"))
    expect(refused.status).toBe(503)
    expect(refused.headers.get("retry-after")).not.toBeNull()
    expect(await refused.json()).toMatchObject({ error: { code: "shutting_down" } })
    const events = await within(stream.readAll(), 10_000, "the end of the stream")
    expect(stream.types().slice(-4)).toEqual(["assistant_message_end", "conversation_end", "complete", "close"])
    expect(events.at(-2)!.envelope.data).toMatchObject({ status: "cancelled", result: { error: { code: "shutting_down" } } })
    const exit = await within(server.exited, 10_000, "the process exit")
    expect(exit).toEqual({ code: 0, signal: null })
    expect(server.output()).toMatch(/shutdown: drained/)
  })

  it("under load: 50 open streams all get their closing events, new runs get 503, and the process exits 0 within the grace", async () => {
    model.script(() => ({ tokens: 2000, delayMs: 25 }))
    const server = await spawnServer({ ...env(), GTPLANNER_SHUTDOWN_GRACE_S: "2" })
    const streams = await Promise.all(Array.from({ length: 50 }, (_, i) => startRun(server.baseUrl, userTurn(`load-${i}`, "go"))))
    await Promise.all(streams.map((s) => s.until((e) => e.event === "assistant_message_chunk")))
    server.child.kill("SIGTERM")
    await new Promise((r) => setTimeout(r, 100))
    const refused = await postJson(`${server.baseUrl}/api/chat/agent`, userTurn("load-late", "too late"))
    expect(refused.status).toBe(503)
    expect(await refused.json()).toMatchObject({ error: { code: "shutting_down" } })
    const ends = await within(Promise.all(streams.map((s) => s.readAll())), 15_000, "the end of every stream")
    for (const events of ends) {
      expect(events.map((e) => e.event).slice(-3)).toEqual(["conversation_end", "complete", "close"])
      expect(events.at(-2)!.envelope.data).toMatchObject({ status: "cancelled", result: { error: { code: "shutting_down" } } })
      const ids = events.map((e) => Number(e.id))
      expect(ids).toEqual(ids.map((_, i) => i + 1))
    }
    expect(await within(server.exited, 15_000, "the process exit")).toEqual({ code: 0, signal: null })
  })

  it("lets a run that ends within the grace period complete normally", async () => {
    model.script([{ tokens: 20, delayMs: 25 }])
    const server = await spawnServer(env())
    const stream = await startRun(server.baseUrl, userTurn("sigterm-3", "short"))
    await stream.until((e) => e.event === "assistant_message_chunk")
    server.child.kill("SIGTERM")
    const events = await within(stream.readAll(), 10_000, "the end of the stream")
    expect(events.at(-2)!.envelope.data).toMatchObject({ status: "completed" })
    expect(events.filter((e) => e.event === "assistant_message_chunk")).toHaveLength(20)
    expect(await within(server.exited, 10_000, "the process exit")).toEqual({ code: 0, signal: null })
  })

  it("exits 0 on SIGTERM with a client that stopped reading a long replay", async () => {
    model.script([{ tokens: 20_000 }])
    const server = await spawnServer(env())
    const done = await (await startRun(server.baseUrl, userTurn("sigterm-4", "lots"))).readAll()
    expect(done.at(-1)!.event).toBe("close")
    // Attach and never read: the socket fills and the replay stalls.
    const stuck = await fetch(`${server.baseUrl}/api/chat/agent/sigterm-4/events`)
    expect(stuck.status).toBe(200)
    server.child.kill("SIGTERM")
    expect(await within(server.exited, 15_000, "the process exit")).toEqual({ code: 0, signal: null })
  })
})
