import { Effect, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { StreamEnvelope } from "../../src/domain/Events.js"
import { type TestApp, startApp } from "../support/app.js"
import { grammarViolations } from "../support/grammar.js"
import { startRun, userTurn } from "../support/sse.js"
import { documentTool, echoTool, failingTool, rendezvousTools } from "../support/tools.js"

const [meetLeft, meetRight] = Effect.runSync(rendezvousTools)

let app: TestApp
beforeAll(async () => {
  app = await startApp({ tools: [echoTool, failingTool, documentTool, meetLeft, meetRight] })
})
afterAll(async () => {
  const stats = await app.settled()
  // Nothing outlives its run: no active run and no listener once the suite's runs are over.
  expect(stats.activeRuns).toBe(0)
  expect(stats.listeners).toBe(0)
  expect(stats.bufferedEvents).toBe(0)
  await app.close()
})

describe("POST /api/chat/agent", () => {
  it("streams a tool-using turn in exactly the order of spec 01, ids 1..n without gaps", async () => {
    app.model.script([
      { text: "Let me echo that.", toolCalls: [{ id: "call_echo", name: "echo", arguments: { text: "hello", times: 2 } }] },
      { text: "The echo said hello hello." }
    ])
    const stream = await startRun(app.baseUrl, userTurn("order-1", "please echo hello twice"))
    expect(stream.response.status).toBe(200)
    expect(stream.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8")
    expect(stream.response.headers.get("cache-control")).toBe("no-cache, no-transform")
    expect(stream.response.headers.get("x-accel-buffering")).toBe("no")
    expect(stream.response.headers.get("content-location")).toBe("/api/chat/agent/order-1/events")
    expect(stream.response.headers.get("x-session-id")).toBe("order-1")
    const events = await stream.readAll()
    expect(stream.retry).toBe(3000)

    expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1))
    for (const e of events) {
      // Every envelope decodes against the catalogue: names and fields as listed.
      expect(() => Schema.decodeUnknownSync(StreamEnvelope)(e.envelope)).not.toThrow()
      expect(e.event).toBe(e.envelope.event_type)
      expect(e.envelope.session_id).toBe("order-1")
      expect(e.envelope.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    }
    expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
    expect(stream.types()).toEqual([
      "connection",
      "conversation_start",
      "processing_status",
      "assistant_message_start",
      ...Array(4).fill("assistant_message_chunk"),
      "assistant_message_end",
      "tool_call_start",
      "tool_call_progress",
      "tool_call_end",
      "assistant_message_start",
      ...Array(5).fill("assistant_message_chunk"),
      "assistant_message_end",
      "conversation_end",
      "complete",
      "close"
    ])
    const connection = events[0]!.envelope.data as { run_id: string; resumed: boolean; llm: { model: string; demo: boolean } }
    expect(connection.resumed).toBe(false)
    expect(connection.run_id).toBe(stream.response.headers.get("x-run-id"))
    expect(connection.llm).toEqual({ model: "scripted-model", demo: false })

    const toolEnd = events.find((e) => e.event === "tool_call_end")!.envelope.data as Record<string, unknown>
    expect(toolEnd).toMatchObject({ tool_name: "echo", status: "completed", call_id: "call_echo", arguments: { text: "hello", times: 2 }, result: { echoed: "hello hello" }, error_message: null })
    expect(typeof toolEnd["execution_time"]).toBe("number")

    const complete = events.at(-2)!.envelope.data as {
      status: string
      result: { success: boolean; new_messages: Array<Record<string, unknown>>; tool_execution_results_updates: unknown }
      statistics: { total_events: number }
    }
    expect(complete.status).toBe("completed")
    expect(complete.result.success).toBe(true)
    expect(complete.result.tool_execution_results_updates).toEqual({ last_echo: "hello hello" })
    expect(complete.statistics.total_events).toBe(events.length - 1)
    const [assistant, tool, final] = complete.result.new_messages
    expect(complete.result.new_messages).toHaveLength(3)
    expect(assistant).toMatchObject({
      role: "assistant",
      content: "Let me echo that.",
      tool_calls: [{ id: "call_echo", type: "function", function: { name: "echo", arguments: '{"text":"hello","times":2}' } }]
    })
    expect(tool).toMatchObject({ role: "tool", tool_call_id: "call_echo" })
    expect(JSON.parse(String(tool!["content"]))).toEqual({ echoed: "hello hello" })
    expect(final).toMatchObject({ role: "assistant", content: "The echo said hello hello." })
    for (const message of complete.result.new_messages) expect(typeof message["timestamp"]).toBe("string")

    // The model's second request carries the assistant's tool call and exactly one tool message for it.
    const second = app.model.requests.at(-1)!.body.messages
    expect(second.filter((m) => m.role === "tool")).toEqual([{ role: "tool", content: '{"echoed":"hello hello"}', tool_call_id: "call_echo" }])
    expect(second.filter((m) => m.role === "user")).toHaveLength(1)
  })

  it("runs two parallel tool calls whose arguments arrive in fragments; their events interleave, tied by call_id", async () => {
    app.model.script([
      {
        toolCalls: [
          { id: "call_l", name: "meet_left", arguments: { note: "from the left side of the room" }, fragments: 5 },
          { id: "call_r", name: "meet_right", arguments: { note: "from the right side of the room" }, fragments: 5 }
        ]
      },
      { text: "They met." }
    ])
    const events = await (await startRun(app.baseUrl, userTurn("parallel-1", "meet"))).readAll()
    const tools = events.filter((e) => e.event?.startsWith("tool_call_")).map((e) => e.envelope.data as { call_id: string; status: string; result: unknown; arguments: unknown })
    const order = tools.map((d) => `${d.call_id}:${d.status}`)
    // Each call completed (each could only finish because the other ran at the same time) …
    expect(tools.filter((d) => d.status === "completed").map((d) => d.result)).toEqual(
      expect.arrayContaining([{ side: "left", note: "from the left side of the room" }, { side: "right", note: "from the right side of the room" }])
    )
    expect(tools.find((d) => d.call_id === "call_l")!.arguments).toEqual({ note: "from the left side of the room" })
    // … and the two calls' events interleave: the right one started before the left one ended.
    expect(order.indexOf("call_r:starting")).toBeLessThan(order.indexOf("call_l:completed"))
    expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
    const second = app.model.requests.at(-1)!.body.messages
    expect(second.filter((m) => m.role === "tool").map((m) => m.tool_call_id)).toEqual(["call_l", "call_r"])
  })

  it("gives every tool call exactly one tool message: bad JSON, failed validation, unknown tool and a failing tool", async () => {
    app.model.script([
      {
        toolCalls: [
          { id: "c_badjson", name: "echo", arguments: '{"text": "unterminated' },
          { id: "c_invalid", name: "echo", arguments: { text: 42 } },
          { id: "c_unknown", name: "no_such_tool", arguments: {} },
          { id: "c_fails", name: "always_fails", arguments: {} }
        ]
      },
      { text: "Recovered." }
    ])
    const events = await (await startRun(app.baseUrl, userTurn("bad-tools", "try things"))).readAll()
    expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
    const ends = events.filter((e) => e.event === "tool_call_end").map((e) => e.envelope.data as { call_id: string; status: string; error_message: string | null; arguments: unknown })
    expect(ends.map((d) => [d.call_id, d.status])).toEqual(
      expect.arrayContaining([
        ["c_badjson", "failed"],
        ["c_invalid", "failed"],
        ["c_unknown", "failed"],
        ["c_fails", "failed"]
      ])
    )
    const byId = Object.fromEntries(ends.map((d) => [d.call_id, d]))
    expect(byId["c_badjson"]!.arguments).toBe('{"text": "unterminated')
    expect(byId["c_badjson"]!.error_message).toMatch(/not valid JSON/)
    expect(byId["c_invalid"]!.error_message).toMatch(/text: Expected string, actual 42/)
    expect(byId["c_unknown"]!.error_message).toMatch(/no tool named "no_such_tool".*echo/)
    expect(byId["c_fails"]!.error_message).toBe("the external service said no")
    const toolMessages = app.model.requests.at(-1)!.body.messages.filter((m) => m.role === "tool")
    expect(toolMessages.map((m) => m.tool_call_id)).toEqual(["c_badjson", "c_invalid", "c_unknown", "c_fails"])
    for (const m of toolMessages) expect(JSON.parse(String(m.content))).toHaveProperty("error")
    expect((events.at(-2)!.envelope.data as { status: string }).status).toBe("completed")
  })

  it("executes <tool_call> blocks written into the text and hides them, even split across chunks", async () => {
    app.model.script([
      { text: ["Checking", " now.<tool", '_call>{"name": "echo", "arg', 'uments": {"text": "inline"}}</tool_', "call> Done."] },
      { text: "Inline call worked." }
    ])
    const events = await (await startRun(app.baseUrl, userTurn("inline-1", "inline"))).readAll()
    const firstEnd = events.find((e) => e.event === "assistant_message_end")!.envelope.data as { complete_message: string; message_metadata: { tool_calls?: Array<{ function: { name: string } }> } }
    expect(firstEnd.complete_message).toBe("Checking now. Done.")
    expect(firstEnd.message_metadata.tool_calls?.map((c) => c.function.name)).toEqual(["echo"])
    const chunks = events.filter((e) => e.event === "assistant_message_chunk").map((e) => (e.envelope.data as { content: string }).content).join("")
    expect(chunks).not.toContain("<tool")
    expect(events.find((e) => e.event === "tool_call_end")!.envelope.data).toMatchObject({ tool_name: "echo", status: "completed", result: { echoed: "inline" } })
  })

  it("says the round limit to the user in a streamed message instead of stopping silently", async () => {
    const loop = { toolCalls: [{ name: "echo", arguments: { text: "again" } }] }
    app.model.script([loop, loop, loop, loop, loop, loop])
    const events = await (await startRun(app.baseUrl, userTurn("limit-1", "loop forever", { language: "fr" }))).readAll()
    expect(app.model.requests.filter((r) => JSON.stringify(r.body.messages).includes("loop forever")).length).toBeGreaterThanOrEqual(5)
    expect(events.filter((e) => e.event === "tool_call_end")).toHaveLength(5)
    const lastMessage = events.filter((e) => e.event === "assistant_message_end").at(-1)!.envelope.data as { complete_message: string }
    expect(lastMessage.complete_message).toMatch(/5 étapes de planification/)
    const complete = events.at(-2)!.envelope.data as { status: string; result: { metadata: { round_limit_reached: boolean }; new_messages: Array<{ role: string }> } }
    expect(complete.status).toBe("completed")
    expect(complete.result.metadata.round_limit_reached).toBe(true)
    expect(complete.result.new_messages.at(-1)!.role).toBe("assistant")
    expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
  })

  it("emits design documents after their call's end, keeps them in the snapshot, and serves them for download", async () => {
    app.model.script([{ toolCalls: [{ id: "doc_call", name: "write_doc", arguments: { title: "Shop" } }] }, { text: "Written." }])
    const events = await (await startRun(app.baseUrl, userTurn("docs-1", "write it"))).readAll()
    expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
    const doc = events.find((e) => e.event === "design_document_generated")!.envelope.data
    expect(doc).toEqual({ filename: "design.md", content: "# Shop\n\nBody of Shop.\n", format: "markdown", tool_call_id: "doc_call" })
    const snapshot = (await (await fetch(`${app.baseUrl}/api/sessions/docs-1`)).json()) as { status: string; documents: unknown; result: { tool_execution_results_updates: unknown } }
    expect(snapshot.status).toBe("completed")
    expect(snapshot.documents).toEqual([{ filename: "design.md", format: "markdown", bytes: 22 }])
    const download = await fetch(`${app.baseUrl}/api/sessions/docs-1/documents/design.md`)
    expect(download.status).toBe(200)
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="design.md"/)
    expect(download.headers.get("content-type")).toBe("text/markdown; charset=utf-8")
    expect(await download.text()).toBe("# Shop\n\nBody of Shop.\n")
    const missing = await fetch(`${app.baseUrl}/api/sessions/docs-1/documents/..%2Fpackage.json`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("document_not_found")
    expect((await fetch(`${app.baseUrl}/api/sessions/nobody`)).status).toBe(404)
  })

  it("answers in the language asked for, then session_metadata, then the one detected", async () => {
    const languageOf = async (sessionId: string, body: Record<string, unknown>) => {
      app.model.script([{ text: "ok" }])
      const events = await (await startRun(app.baseUrl, { session_id: sessionId, ...body })).readAll()
      return (events[0]!.envelope.data as { config: { language: string } }).config.language
    }
    const zh = [{ role: "user", content: "帮我设计一个在线商城系统" }]
    expect(await languageOf("lang-1", { dialogue_history: zh, language: "es" })).toBe("es")
    expect(await languageOf("lang-2", { dialogue_history: zh, session_metadata: { language: "ja" } })).toBe("ja")
    expect(await languageOf("lang-3", { dialogue_history: zh })).toBe("zh")
    expect(await languageOf("lang-4", { dialogue_history: [{ role: "user", content: "ok" }] })).toBe("en")
    expect(app.model.requests.at(-2)!.body.messages[0]!.content).toMatch(/每次回复都用简体中文/)
  })
})
