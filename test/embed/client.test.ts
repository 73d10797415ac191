import { Chunk, Effect, Exit, Fiber, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ApiError, type ClientEvent, GTPlannerClient, mergeToolExecutionResults, ReconnectFailed, RunLost, type RunRequest, StreamClosed } from "../../src/client/index.js"
import { PlannerClient } from "../../src/client/effect.js"
import { mergeUpdates } from "../../src/planner/Orchestrator.js"
import { eventually, type TestApp, startApp } from "../support/app.js"
import { grammarViolations } from "../support/grammar.js"
import { assertPublishedShape, openSse } from "../support/sse.js"
import { documentTool, echoTool } from "../support/tools.js"
import { type CuttingProxy, startProxy } from "./proxy.js"

let app: TestApp
let proxy: CuttingProxy
beforeAll(async () => {
  app = await startApp({ tools: [echoTool, documentTool] })
  proxy = await startProxy(app.baseUrl)
})
afterAll(async () => {
  await proxy.close()
  const stats = await app.settled()
  expect(stats.activeRuns).toBe(0)
  expect(stats.listeners).toBe(0)
  await app.close()
})

/** Retries fast: these tests are about what is delivered, not about waiting. */
const fast = { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 5 }
const client = (overrides: Partial<ConstructorParameters<typeof GTPlannerClient>[0]> = {}) =>
  new GTPlannerClient({ baseUrl: proxy.url, reconnect: fast, ...overrides })

/** Every event the server logged for the session's run, by a fresh listener straight to the server. */
const serverLog = async (sessionId: string) => (await (await openSse(`${app.baseUrl}/api/chat/agent/${sessionId}/events`)).readAll()).slice(1)

const userTurn = (session_id: string, content: string, extra: Omit<RunRequest, "session_id" | "dialogue_history"> = {}): RunRequest => ({
  session_id,
  dialogue_history: [{ role: "user", content }],
  ...extra
})

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe("the client against a network that drops", () => {
  it("delivers every event exactly once, in order, across three cuts mid-run, and resolves with the final result", async () => {
    app.model.script([
      { text: "Let me echo.", toolCalls: [{ id: "c1", name: "echo", arguments: { text: "hi" } }], delayMs: 5 },
      { tokens: 40, delayMs: 5 }
    ])
    const received: Array<{ id: number; event: ClientEvent }> = []
    const reconnects: Array<number> = []
    const cutAt = new Set([6, 20, 35])
    const run = await client().start(userTurn("cut-1", "echo hi"), {
      onEvent: (event) => {
        received.push({ id: run.lastEventId, event })
        assertPublishedShape(event)
        if (cutAt.has(run.lastEventId)) proxy.cut()
      },
      onReconnect: (info) => reconnects.push(info.lastEventId)
    })
    const completion = await run.result()

    expect(completion.status).toBe("completed")
    expect(completion.result.new_messages.map((m) => m.role)).toEqual(["assistant", "tool", "assistant"])
    // Each resume starts after the last event received — the cut one, or one already in flight behind it.
    expect(reconnects).toHaveLength(3)
    reconnects.forEach((cursor, i) => expect(cursor).toBeGreaterThanOrEqual([6, 20, 35][i]!))
    const log = await serverLog("cut-1")
    expect(received.map((r) => r.id)).toEqual(range(1, log.length))
    expect(received.map((r) => r.event)).toEqual(log.map((e) => e.envelope))
    expect(grammarViolations(received.map((r) => r.event) as never)).toEqual([])
  })

  it("yields the same events to a for-await loop as to the callbacks, with typed per-event handlers", async () => {
    app.model.script([{ tokens: 30, delayMs: 3 }])
    let text = ""
    const seen: Array<string> = []
    const run = await client().start(userTurn("iterate-1", "go"), {
      on: { assistant_message_chunk: (data) => (text += data.content) },
      onEvent: (event) => seen.push(event.event_type)
    })
    const iterated: Array<string> = []
    for await (const event of run) {
      iterated.push(event.event_type)
      if (event.event_type === "assistant_message_chunk" && iterated.length === 10) proxy.cut()
    }
    expect(iterated).toEqual(seen)
    expect(iterated.at(-1)).toBe("close")
    expect(text).toBe(Array.from({ length: 30 }, (_, i) => `t${i} `).join(""))
    expect((await run.result()).status).toBe("completed")
    expect(() => run[Symbol.asyncIterator]()).toThrow(/only once/)
  })

  it("resumes a connection that went silent, once no byte (not even a heartbeat) came for the idle timeout", async () => {
    app.model.script([{ tokens: 20, delayMs: 50 }])
    const reasons: Array<string> = []
    const run = await client().start(userTurn("silent-1", "go", { heartbeat_interval: 1 }), {
      idleTimeoutMs: 500,
      on: { assistant_message_chunk: (data) => void (data.chunk_index === 2 && proxy.freeze()) },
      onReconnect: (info) => reasons.push(String(info.reason))
    })
    const completion = await run.result()
    expect(completion.status).toBe("completed")
    expect(reasons).toEqual([expect.stringMatching(/went silent/)])
    expect(run.lastEventId).toBe((await serverLog("silent-1")).length)
  })

  it("gives up with ReconnectFailed after the attempt limit when the server cannot be reached", async () => {
    const lonely = await startProxy(app.baseUrl)
    app.model.script([{ tokens: 50, delayMs: 10 }])
    const attempts: Array<number> = []
    const run = await client({ baseUrl: lonely.url, reconnect: { ...fast, maxAttempts: 2 } }).start(userTurn("gone-1", "go"), {
      on: { assistant_message_chunk: () => void lonely.close() },
      onReconnect: (info) => attempts.push(info.attempt)
    })
    const error = await run.result().then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ReconnectFailed)
    expect(error).toMatchObject({ _tag: "ReconnectFailed", attempts: 2 })
    expect(attempts).toEqual([1, 2])
    // The run itself never depended on the client: it finishes on the server.
    await eventually(async () => ((await (await fetch(`${app.baseUrl}/api/sessions/gone-1`)).json()) as { status: string }).status === "completed" || undefined, "gone-1 to finish")
  })

  it("rejects with RunLost when the server it comes back to no longer has the run", async () => {
    const restarted = await startApp()
    let target = proxy.url
    app.model.script([{ tokens: 50, delayMs: 10 }])
    const run = await client({ fetch: (input, init) => fetch(String(input).replace(proxy.url, target), init) }).start(userTurn("lost-1", "go"), {
      on: {
        assistant_message_chunk: () => {
          target = restarted.baseUrl
          proxy.cut()
        }
      }
    })
    const error = await run.result().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RunLost)
    expect(error).toMatchObject({ sessionId: "lost-1", lastEventId: 5 })
    await restarted.close()
    await app.settled()
  })
})

describe("the client's calls", () => {
  it("cancel() ends the run cancelled, and the result says so", async () => {
    app.model.script([{ tokens: 500, delayMs: 20 }])
    const run = await client().start(userTurn("cancel-c1", "go"))
    const types: Array<string> = []
    for await (const event of run) {
      types.push(event.event_type)
      if (event.event_type === "assistant_message_chunk" && types.filter((t) => t === "assistant_message_chunk").length === 1) {
        expect(await run.cancel()).toBe(true)
      }
    }
    const completion = await run.result()
    expect(completion.status).toBe("cancelled")
    expect(completion.result.error).toMatchObject({ code: "cancelled" })
    expect(types.slice(-4)).toEqual(["assistant_message_end", "conversation_end", "complete", "close"])
    expect(await run.cancel()).toBe(false)
  })

  it("close() stops listening: the result rejects with StreamClosed and the run goes on", async () => {
    app.model.script([{ tokens: 40, delayMs: 10 }])
    const controller = new AbortController()
    const run = await client().start(userTurn("close-1", "go"), {
      signal: controller.signal,
      on: { assistant_message_chunk: () => controller.abort() }
    })
    await expect(run.result()).rejects.toBeInstanceOf(StreamClosed)
    await eventually(async () => ((await client().snapshot("close-1")).status === "completed" ? true : undefined), "close-1 to finish")
  })

  it("close() before reading anything still releases the connection (a run with on_disconnect: cancel is cancelled)", async () => {
    app.model.script([{ tokens: 500, delayMs: 20 }])
    const run = await client().start(userTurn("close-2", "go", { on_disconnect: "cancel" }))
    run.close()
    await expect(run.result()).rejects.toBeInstanceOf(StreamClosed)
    await eventually(async () => ((await client().snapshot("close-2")).status === "cancelled" ? true : undefined), "close-2 to be cancelled")
  })

  it("turns refusals into ApiError with the server's code, status and details", async () => {
    app.model.script([{ tokens: 40, delayMs: 10 }])
    const first = await client().start(userTurn("busy-c1", "go"))
    const busy = await client()
      .start(userTurn("busy-c1", "again"))
      .catch((e: unknown) => e)
    expect(busy).toBeInstanceOf(ApiError)
    expect(busy).toMatchObject({ status: 409, code: "session_busy", details: { events_url: "/api/chat/agent/busy-c1/events" } })
    const invalid = await client()
      .start({ session_id: "bad id!", dialogue_history: [] })
      .catch((e: unknown) => e)
    expect(invalid).toMatchObject({ _tag: "ApiError", status: 400, code: "invalid_request" })
    await expect(client().snapshot("nobody-here")).rejects.toMatchObject({ status: 404, code: "session_not_found" })
    await first.result()
  })

  it("attaches to a run started elsewhere, from a cursor, and finds nothing to follow for an unknown session", async () => {
    app.model.script([{ tokens: 10, delayMs: 5 }])
    const owner = await client().start(userTurn("attach-c1", "go"))
    await owner.result()
    const attached = await client().attach("attach-c1", { after: 4 })
    const events: Array<ClientEvent> = []
    for await (const event of attached!) events.push(event)
    expect(events[0]).toMatchObject({ event_type: "connection", data: { resumed: true } })
    expect(events.slice(1)).toEqual((await serverLog("attach-c1")).slice(4).map((e) => e.envelope))
    expect(await client().attach("never-was")).toBeUndefined()
  })

  it("fetches snapshots, documents and the engine's status", async () => {
    app.model.script([{ toolCalls: [{ id: "d1", name: "write_doc", arguments: { title: "Shop" } }] }, { text: "Written." }])
    const run = await client().start(userTurn("docs-c1", "write"))
    const generated: Array<string> = []
    run.on("design_document_generated", (data) => generated.push(data.content))
    expect((await run.result()).status).toBe("completed")
    const snapshot = await client().snapshot("docs-c1")
    expect(snapshot).toMatchObject({ session_id: "docs-c1", run_id: run.runId, status: "completed", documents: [{ filename: "design.md", format: "markdown" }] })
    expect(await client().document("docs-c1", "design.md")).toEqual({ filename: "design.md", format: "markdown", content: generated[0] })
    await expect(client().document("docs-c1", "nope.md")).rejects.toMatchObject({ status: 404, code: "document_not_found" })
    expect((await client().health()).status).toBe("healthy")
    expect((await client().status()).totals.runs_started).toBeGreaterThan(0)
  })

  it("keeps a conversation's state: history grows by each turn's messages, tool_execution_results merge", async () => {
    const sent: Array<{ dialogue_history: Array<{ role: string }>; tool_execution_results: Record<string, unknown> }> = []
    const recording = client({
      fetch: (input, init) => {
        if (init?.method === "POST" && String(input).endsWith("/api/chat/agent")) sent.push(JSON.parse(String(init.body)))
        return fetch(input, init)
      }
    })
    const conversation = recording.conversation({ session_id: "convo-1", tool_execution_results: { short_planning: "v0" } })
    app.model.script([{ toolCalls: [{ id: "e1", name: "echo", arguments: { text: "one" } }] }, { text: "First answer." }])
    expect((await (await conversation.send("first")).result()).status).toBe("completed")
    app.model.script([{ toolCalls: [{ id: "d1", name: "write_doc", arguments: { title: "A" } }] }, { text: "Second answer." }])
    await (await conversation.send("second")).result()

    expect(sent[1]!.dialogue_history.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant", "user"])
    expect(sent[1]!.tool_execution_results).toEqual({ short_planning: "v0", last_echo: "one" })
    expect(conversation.history.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant", "user", "assistant", "tool", "assistant"])
    expect(conversation.toolExecutionResults).toMatchObject({ short_planning: "v0", last_echo: "one", documents: [{ filename: "design.md" }] })
    // The model saw the whole first turn when answering the second.
    const secondTurn = app.model.requests.at(-2)!.body.messages
    expect(secondTurn.filter((m) => m.role === "tool").map((m) => m.tool_call_id)).toEqual(["e1"])
  })

  it("leaves a conversation as it was after a cancelled turn, so the message can be sent again", async () => {
    const conversation = client().conversation({ session_id: "convo-2" })
    app.model.script([{ tokens: 500, delayMs: 20 }])
    const run = await conversation.send("slow")
    run.on("assistant_message_chunk", () => void run.cancel())
    expect((await run.result()).status).toBe("cancelled")
    expect(conversation.history).toEqual([])
    app.model.script([{ text: "Fine." }])
    expect((await (await conversation.send("slow")).result()).status).toBe("completed")
    expect(conversation.history.map((m) => m.role)).toEqual(["user", "assistant"])
  })

  it("merges tool_execution_results exactly as the planner does", () => {
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{}, { a: 1 }],
      [{ a: 1, b: [1] }, { a: 2, b: [2] }],
      [{ documents: [{ filename: "x.md", v: 1 }, { filename: "y.md" }] }, { documents: [{ filename: "x.md", v: 2 }, { filename: "z.md" }] }],
      [{ documents: "not a list" }, { documents: [{ filename: "x.md" }] }]
    ]
    for (const [base, updates] of cases) expect(mergeToolExecutionResults(base, updates)).toEqual(mergeUpdates(base, updates))
  })
})

describe("the Effect entry", () => {
  const layer = () => PlannerClient.layer({ baseUrl: proxy.url, reconnect: fast })

  it("streams a run's events, resuming across a cut, and runs one to its completion", async () => {
    app.model.script([{ tokens: 20, delayMs: 5 }])
    const events = await Effect.runPromise(
      PlannerClient.stream(userTurn("effect-1", "go"), {
        on: { assistant_message_chunk: (data) => void (data.chunk_index === 5 && proxy.cut()) }
      }).pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray), Effect.provide(layer()))
    )
    expect(events).toEqual((await serverLog("effect-1")).map((e) => e.envelope))
    app.model.script([{ text: "Done." }])
    const completion = await Effect.runPromise(PlannerClient.run(userTurn("effect-2", "go")).pipe(Effect.provide(layer())))
    expect(completion.status).toBe("completed")
    const refused = await Effect.runPromise(PlannerClient.snapshot("nobody").pipe(Effect.flip, Effect.provide(layer())))
    expect(refused).toMatchObject({ _tag: "ApiError", code: "session_not_found" })
  })

  it("closes the connection when the stream is interrupted", async () => {
    app.model.script([{ tokens: 500, delayMs: 20 }])
    let flowing!: () => void
    const firstChunk = new Promise<void>((resolve) => (flowing = resolve))
    const fiber = Effect.runFork(
      PlannerClient.stream(userTurn("effect-3", "go", { on_disconnect: "cancel" }), { on: { assistant_message_chunk: () => flowing() } }).pipe(
        Stream.runDrain,
        Effect.provide(layer())
      )
    )
    await firstChunk
    const exit = await Effect.runPromise(Fiber.interrupt(fiber))
    expect(Exit.isInterrupted(exit)).toBe(true)
    // Its only listener gone, the run (on_disconnect: cancel) is cancelled by the server.
    await eventually(async () => ((await (await fetch(`${app.baseUrl}/api/sessions/effect-3`)).json()) as { status: string }).status === "cancelled" || undefined, "effect-3 to be cancelled")
  })
})
