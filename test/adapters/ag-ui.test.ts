/**
 * `POST /api/ag-ui` against the stock `@ag-ui/client` `HttpAgent`: it parses every event with
 * the protocol's schemas and verifies the event grammar, so a run it completes is a run that
 * speaks AG-UI. The model is the scripted OpenAI-compatible server behind the real `openai` client.
 */
import { type BaseEvent, EventType, HttpAgent, type Message } from "@ag-ui/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { demoResponder } from "../../src/llm/scripted/DemoResponder.js"
import { type TestApp, startApp } from "../support/app.js"
import { failingTool } from "../support/tools.js"
import { cancelRun, framesOf, inventoryTool, makeGate } from "./support.js"

const gate = makeGate()

let app: TestApp
beforeAll(async () => {
  app = await startApp({ tools: [failingTool, inventoryTool, gate.tool] })
})
afterAll(async () => {
  const stats = await app.settled()
  expect(stats.activeRuns).toBe(0)
  expect(stats.listeners).toBe(0)
  await app.close()
})

const agentFor = (baseUrl: string, threadId: string, text: string, extra: { state?: Record<string, unknown> } = {}) =>
  new HttpAgent({
    url: `${baseUrl}/api/ag-ui`,
    threadId,
    initialMessages: [{ id: `${threadId}-u1`, role: "user", content: text }],
    ...(extra.state ? { initialState: extra.state } : {})
  })

/** Runs the agent to its end, keeping every event it saw and how the run ended. */
const run = async (agent: HttpAgent, onEvent?: (event: BaseEvent) => void) => {
  const events: Array<BaseEvent> = []
  let failure: Error | undefined
  try {
    await agent.runAgent(
      {},
      {
        onEvent: ({ event }) => {
          events.push(event)
          onEvent?.(event)
        }
      }
    )
  } catch (error) {
    failure = error as Error
  }
  return { events, failure, types: events.map((e) => e.type) }
}

/** Every TEXT_MESSAGE_START has its END before the run's last event. */
const openTextAtEnd = (events: ReadonlyArray<BaseEvent>) => {
  const open = new Set<string>()
  for (const e of events) {
    if (e.type === EventType.TEXT_MESSAGE_START) open.add(String(e["messageId"]))
    if (e.type === EventType.TEXT_MESSAGE_END) open.delete(String(e["messageId"]))
  }
  return [...open]
}

const assistantTexts = (messages: ReadonlyArray<Message>) =>
  messages.flatMap((m) => (m.role === "assistant" && typeof m.content === "string" && m.content !== "" ? [m.content] : []))

describe("a full planning turn", () => {
  it("completes in HttpAgent without a verification error: the model's text, tool calls with results, documents and state", async () => {
    const planner = await startApp({ tools: "planner" })
    try {
      planner.model.script(demoResponder)
      const before = await planner.stats()
      const agent = agentFor(planner.baseUrl, "agui-plan-1", "Help me plan an online bookshop with search and payments.")
      const documents: Array<unknown> = []
      const { events, failure, types } = await run(agent, (e) => {
        if (e.type === EventType.CUSTOM && e["name"] === "design_document") documents.push(e["value"])
      })
      expect(failure).toBeUndefined()
      expect(types[0]).toBe(EventType.RUN_STARTED)
      expect(types.at(-1)).toBe(EventType.RUN_FINISHED)
      expect(events[0]).toMatchObject({ threadId: "agui-plan-1" })

      // The text HttpAgent assembled is the text the model wrote, message by message.
      const snapshot = (await (await fetch(`${planner.baseUrl}/api/sessions/agui-plan-1`)).json()) as {
        status: string
        result: { new_messages: Array<{ role: string; content: string | null }> }
      }
      expect(snapshot.status).toBe("completed")
      const modelTexts = snapshot.result.new_messages.flatMap((m) => (m.role === "assistant" && m.content ? [m.content] : []))
      expect(modelTexts.length).toBeGreaterThan(0)
      expect(assistantTexts(agent.messages)).toEqual(modelTexts)

      // Each tool call sits on an assistant message, and its result follows as a tool message.
      const calls = agent.messages.flatMap((m) => (m.role === "assistant" ? (m.toolCalls ?? []) : []))
      expect(calls.map((c) => c.function.name)).toEqual(expect.arrayContaining(["short_planning", "tool_recommend", "design"]))
      for (const call of calls) {
        expect(() => JSON.parse(call.function.arguments)).not.toThrow()
        const result = agent.messages.find((m) => m.role === "tool" && m.toolCallId === call.id)
        expect(result, `result of ${call.function.name}`).toBeDefined()
      }
      // Progress shows as one activity message per call; the design document comes as a CUSTOM event.
      expect(agent.messages.some((m) => m.role === "activity")).toBe(true)
      expect(documents).toEqual([expect.objectContaining({ filename: "design.md", format: "markdown", content: expect.stringContaining("#") })])
      // The turn's updates are the agent's new state, ready to go with the next run.
      expect(agent.state).toMatchObject({ short_planning: expect.any(String), documents: [expect.objectContaining({ filename: "design.md" })] })

      // The run was the engine's: counted, and no listener left behind.
      const after = await planner.settled()
      expect(after.totals.runs_started).toBe(before.totals.runs_started + 1)
      expect(after.totals.runs_completed).toBe(before.totals.runs_completed + 1)
      expect(after.listeners).toBe(0)

      // The next turn sends messages and state back: the planner reads the plan and the document.
      const requestsBefore = planner.model.requests.length
      agent.addMessage({ id: "agui-plan-1-u2", role: "user", content: "Thanks. Please refine the plan." })
      const second = await run(agent)
      expect(second.failure).toBeUndefined()
      const firstOfTurn = planner.model.requests[requestsBefore]!
      const system = String(firstOfTurn.body.messages[0]?.content)
      expect(system).toContain("<agreed_plan>")
      expect(system).toContain("design.md")
      // The whole conversation reached the model as valid OpenAI messages: each tool message answers a call.
      const sent = firstOfTurn.body.messages
      const callIds = sent.flatMap((m) => ((m.tool_calls ?? []) as Array<{ id: string }>).map((c) => c.id))
      const answered = sent.filter((m) => m.role === "tool").map((m) => m.tool_call_id)
      expect(answered.sort()).toEqual(callIds.sort())
      expect(sent.filter((m) => m.role === "user").map((m) => m.content)).toEqual([
        "Help me plan an online bookshop with search and payments.",
        "Thanks. Please refine the plan."
      ])
    } finally {
      await planner.close()
    }
  })
})

describe("failures and endings", () => {
  it("a model that fails mid-message ends with RUN_ERROR, its open message closed first", async () => {
    app.model.script([{ text: "I am starting to say something long", fault: { type: "disconnect", afterChunks: 3 } }])
    const { events, failure, types } = await run(agentFor(app.baseUrl, "agui-fail-1", "say something"))
    // HttpAgent reports RUN_ERROR to its subscribers; it raises only for a broken stream or grammar.
    expect(failure).toBeUndefined()
    expect(types.at(-1)).toBe(EventType.RUN_ERROR)
    expect(types).toContain(EventType.TEXT_MESSAGE_START)
    expect(openTextAtEnd(events)).toEqual([])
    expect(events.at(-1)).toMatchObject({ code: expect.any(String), message: expect.any(String) })
    expect(types).not.toContain(EventType.RUN_FINISHED)
  })

  it("a tool that fails gives a result that says so, and the run finishes", async () => {
    app.model.script([{ toolCalls: [{ id: "call_fail", name: "always_fails", arguments: {} }] }, { text: "That tool failed, sorry." }])
    const agent = agentFor(app.baseUrl, "agui-toolfail-1", "try the failing tool")
    const { failure, types } = await run(agent)
    expect(failure).toBeUndefined()
    expect(types.at(-1)).toBe(EventType.RUN_FINISHED)
    const result = agent.messages.find((m) => m.role === "tool" && m.toolCallId === "call_fail")
    expect(JSON.parse(String(result?.content))).toEqual({ error: "the external service said no" })
    expect(assistantTexts(agent.messages)).toEqual(["That tool failed, sorry."])
  })

  it("passes a tool's custom event through as CUSTOM {name, value}", async () => {
    app.model.script([{ toolCalls: [{ id: "inv_1", name: "check_inventory", arguments: { sku: "ABC-42" } }] }, { text: "7 in stock." }])
    const customs: Array<unknown> = []
    const agent = agentFor(app.baseUrl, "agui-custom-1", "stock of ABC-42?")
    const { failure } = await run(agent, (e) => {
      if (e.type === EventType.CUSTOM) customs.push({ name: e["name"], value: e["value"] })
    })
    expect(failure).toBeUndefined()
    expect(customs).toEqual([{ name: "inventory.checked", value: { sku: "ABC-42", in_stock: 7, warehouse: "north" } }])
  })

  it("a run cancelled through the native endpoint finishes with outcome cancelled, its tool call answered", async () => {
    gate.arm()
    app.model.script([{ text: "Waiting at the gate.", toolCalls: [{ id: "call_gate", name: "wait_for_gate", arguments: { note: "x" } }] }])
    const agent = agentFor(app.baseUrl, "agui-cancel-1", "wait")
    const running = run(agent)
    await gate.started()
    await cancelRun(app.baseUrl, "agui-cancel-1")
    const { events, failure, types } = await running
    expect(failure).toBeUndefined()
    expect(types.at(-1)).toBe(EventType.RUN_FINISHED)
    expect(events.at(-1)).toMatchObject({ outcome: { type: "cancelled" }, result: { status: "cancelled" } })
    expect(openTextAtEnd(events)).toEqual([])
    const result = agent.messages.find((m) => m.role === "tool" && m.toolCallId === "call_gate")
    expect(JSON.parse(String(result?.content))).toHaveProperty("error")
    const snapshot = (await (await fetch(`${app.baseUrl}/api/sessions/agui-cancel-1`)).json()) as { status: string }
    expect(snapshot.status).toBe("cancelled")
  })

  it("the client aborting with on_disconnect: cancel (in forwardedProps) cancels the engine's run", async () => {
    gate.arm()
    app.model.script([{ toolCalls: [{ id: "call_gate2", name: "wait_for_gate", arguments: { note: "y" } }] }])
    const agent = agentFor(app.baseUrl, "agui-abort-1", "wait")
    const running = agent.runAgent({ forwardedProps: { on_disconnect: "cancel" } }).catch(() => undefined)
    await gate.started()
    agent.abortRun()
    await running
    await app.settled()
    const snapshot = (await (await fetch(`${app.baseUrl}/api/sessions/agui-abort-1`)).json()) as { status: string }
    expect(snapshot.status).toBe("cancelled")
  })
})

describe("the wire", () => {
  it("frames every event as a lone data: line, with heartbeats as comments", async () => {
    gate.arm()
    app.model.script([{ toolCalls: [{ id: "call_gate3", name: "wait_for_gate", arguments: { note: "z" } }] }, { text: "Done." }])
    const response = await fetch(`${app.baseUrl}/api/ag-ui`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({
        threadId: "agui-wire-1",
        runId: "client-run-1",
        messages: [{ id: "m1", role: "user", content: "wait a second" }],
        tools: [],
        context: [],
        forwardedProps: { heartbeat_interval: 1 }
      })
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/)
    expect(response.headers.get("x-session-id")).toBe("agui-wire-1")
    // Read until a heartbeat went by while the tool waited, then let the run finish.
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = ""
    while (!text.includes(": ping\n\n")) {
      const { value, done } = await reader.read()
      if (done) throw new Error("stream ended before a heartbeat")
      text += decoder.decode(value, { stream: true })
    }
    await gate.open()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
    const frames = text.split("\n\n").filter((f) => f !== "")
    const dataFrames = frames.filter((f) => !f.startsWith(":"))
    for (const frame of frames) expect(frame).toMatch(/^(: [^\n]*|data: \{[^\n]*\})$/)
    const events = dataFrames.map((f) => JSON.parse(f.slice("data: ".length)) as BaseEvent)
    expect(events[0]).toMatchObject({ type: "RUN_STARTED", threadId: "agui-wire-1", runId: "client-run-1" })
    expect(events.at(-1)).toMatchObject({ type: "RUN_FINISHED", threadId: "agui-wire-1", runId: "client-run-1" })
    expect(frames).toContain(": ping")
  })

  it("refuses a second run on a busy thread with 409, because the runs share one engine", async () => {
    gate.arm()
    app.model.script([{ toolCalls: [{ id: "call_gate4", name: "wait_for_gate", arguments: { note: "busy" } }] }, { text: "ok" }])
    const native = fetch(`${app.baseUrl}/api/chat/agent`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ session_id: "agui-busy-1", dialogue_history: [{ role: "user", content: "wait" }] })
    })
    await gate.started()
    const refused = await fetch(`${app.baseUrl}/api/ag-ui`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ threadId: "agui-busy-1", runId: "r", messages: [{ id: "m", role: "user", content: "hi" }] })
    })
    expect(refused.status).toBe(409)
    expect(await refused.json()).toMatchObject({ error: { code: "session_busy", details: { events_url: "/api/chat/agent/agui-busy-1/events" } } })
    await gate.open()
    await framesOf(await native)
  })
})
