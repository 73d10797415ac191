/**
 * `POST /api/chat` and `GET /api/chat/{id}/stream` against the stock AI SDK client: its
 * `DefaultChatTransport` (which parses every part with the SDK's schema), `readUIMessageStream`,
 * and `AbstractChat` — the class `useChat` wraps — for submit and resume. The model is the
 * scripted OpenAI-compatible server behind the real `openai` client.
 */
import { DefaultChatTransport, readUIMessageStream, type UIMessage, type UIMessageChunk } from "ai"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Envelope, RunEvent } from "../../src/domain/Events.js"
import { uiMessageDialect } from "../../src/http/aisdk/UiMessageStream.js"
import { translateAll } from "../../src/http/DialectStream.js"
import { demoResponder } from "../../src/llm/scripted/DemoResponder.js"
import { type TestApp, eventually, startApp } from "../support/app.js"
import { openSse } from "../support/sse.js"
import { failingTool } from "../support/tools.js"
import { TestChat, textsOf, userMessage } from "./chat.js"
import { cancelRun, inventoryTool, makeGate } from "./support.js"

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

const transportFor = (baseUrl: string) => new DefaultChatTransport<UIMessage>({ api: `${baseUrl}/api/chat` })

/** Reads a stream of parts to its end as `useChat` would: the parts seen, the message built, the errors told. */
const readAll = async (stream: ReadableStream<UIMessageChunk>) => {
  const chunks: Array<UIMessageChunk> = []
  const errors: Array<string> = []
  const tapped = stream.pipeThrough(
    new TransformStream<UIMessageChunk, UIMessageChunk>({
      transform(chunk, controller) {
        chunks.push(chunk)
        controller.enqueue(chunk)
      }
    })
  )
  let message: UIMessage | undefined
  for await (const m of readUIMessageStream({ stream: tapped, onError: (e) => errors.push((e as Error).message) })) message = m
  return { chunks, types: chunks.map((c) => c.type), message: message!, errors }
}

const send = (baseUrl: string, chatId: string, text: string) =>
  transportFor(baseUrl).sendMessages({ chatId, trigger: "submit-message", messageId: undefined, abortSignal: undefined, messages: [userMessage(`${chatId}-u1`, text)] })

/** The message a reader builds from the run's whole native log (fetched by the native attach endpoint). */
const messageFromNativeLog = async (baseUrl: string, sessionId: string, runId: string) => {
  const events = (await (await openSse(`${baseUrl}/api/chat/agent/${sessionId}/events`)).readAll()).filter((e) => e.id !== undefined)
  const chunks = translateAll(uiMessageDialect({ sessionId, runId }), events.map((e) => e.envelope as unknown as Envelope<RunEvent>)) as Array<UIMessageChunk>
  return (await readAll(new ReadableStream({ start: (c) => (chunks.forEach((chunk) => c.enqueue(chunk)), c.close()) }))).message
}

const toolParts = (message: UIMessage) => message.parts.filter((p) => p.type.startsWith("tool-")) as Array<{ type: string; state: string; output?: unknown; errorText?: string; toolCallId: string }>

describe("a full planning turn through useChat", () => {
  it("assembles the text, the tool parts with outputs and the design documents, and carries the state into the next turn", async () => {
    const planner = await startApp({ tools: "planner" })
    try {
      planner.model.script(demoResponder)
      const before = await planner.stats()
      const chat = new TestChat(planner.baseUrl, { id: "aisdk-plan-1" })
      await chat.sendMessage({ text: "Help me plan an online bookshop with search and payments." })
      expect(chat.errors).toEqual([])
      expect(chat.status).toBe("ready")
      expect(chat.messages.map((m) => m.role)).toEqual(["user", "assistant"])
      const assistant = chat.messages[1]!

      // The text parts are the text the model wrote, message by message.
      const snapshot = (await (await fetch(`${planner.baseUrl}/api/sessions/aisdk-plan-1`)).json()) as {
        run_id: string
        status: string
        result: { new_messages: Array<{ role: string; content: string | null }> }
      }
      expect(snapshot.status).toBe("completed")
      const modelTexts = snapshot.result.new_messages.flatMap((m) => (m.role === "assistant" && m.content ? [m.content] : []))
      expect(textsOf(assistant)).toEqual(modelTexts)
      expect(assistant.id).toBe(snapshot.run_id)

      // Every tool call is a tool part with its output; the document is a data part.
      const tools = toolParts(assistant)
      expect(tools.map((p) => p.type)).toEqual(expect.arrayContaining(["tool-short_planning", "tool-tool_recommend", "tool-design"]))
      for (const part of tools) {
        expect(part.state).toBe("output-available")
        expect(part.output).toBeDefined()
      }
      const documents = assistant.parts.filter((p) => p.type === "data-design-document")
      expect(documents).toEqual([{ type: "data-design-document", id: "design.md", data: expect.objectContaining({ filename: "design.md", content: expect.stringContaining("#") }) }])
      expect(assistant.metadata).toMatchObject({ status: "completed", tool_execution_results_updates: { short_planning: expect.any(String) } })

      // The engine ran it: counted, nothing left listening.
      const after = await planner.settled()
      expect(after.totals.runs_started).toBe(before.totals.runs_started + 1)
      expect(after.listeners).toBe(0)

      // The next turn: the history (with its tool calls and results) and the state travel in the messages alone.
      const requestsBefore = planner.model.requests.length
      await chat.sendMessage({ text: "Thanks. Please refine the plan." })
      expect(chat.errors).toEqual([])
      expect(chat.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"])
      const firstOfTurn = planner.model.requests[requestsBefore]!
      const system = String(firstOfTurn.body.messages[0]?.content)
      expect(system).toContain("<agreed_plan>")
      expect(system).toContain("design.md")
      const sent = firstOfTurn.body.messages
      const callIds = sent.flatMap((m) => ((m.tool_calls ?? []) as Array<{ id: string }>).map((c) => c.id))
      expect(callIds.length).toBe(tools.length)
      expect(sent.filter((m) => m.role === "tool").map((m) => m.tool_call_id).sort()).toEqual(callIds.sort())
      expect(sent.filter((m) => m.role === "assistant").map((m) => m.content).filter((c) => c !== "")).toEqual(modelTexts)
    } finally {
      await planner.close()
    }
  })
})

describe("failures and endings", () => {
  it("a failing model gives an error part, then the message finishes with reason error", async () => {
    app.model.script([{ text: "I am starting to say something long", fault: { type: "disconnect", afterChunks: 3 } }])
    const { types, chunks, message, errors } = await readAll(await send(app.baseUrl, "aisdk-fail-1", "say something"))
    expect(types.indexOf("error")).toBeGreaterThan(types.indexOf("text-delta"))
    expect(types.slice(types.indexOf("error"))).toEqual(["error", "finish-step", "finish"])
    expect(chunks.at(-1)).toMatchObject({ type: "finish", finishReason: "error", messageMetadata: { status: "failed" } })
    expect(errors).toHaveLength(1)
    expect(message.parts.filter((p) => p.type === "text")).toEqual([{ type: "text", text: expect.stringContaining("I am"), state: "done" }])
  })

  it("a failing model puts useChat in its error state with the server's message", async () => {
    app.model.script([{ fault: { type: "status", status: 400, message: "bad request to the model" } }])
    const chat = new TestChat(app.baseUrl, { id: "aisdk-fail-2" })
    await chat.sendMessage({ text: "hello" })
    expect(chat.status).toBe("error")
    expect(chat.errors).toHaveLength(1)
    expect(chat.errors[0]!.message).not.toBe("")
  })

  it("a tool that fails is a tool part in state output-error, and the run goes on", async () => {
    app.model.script([{ toolCalls: [{ id: "call_fail", name: "always_fails", arguments: {} }] }, { text: "That tool failed, sorry." }])
    const { message, errors } = await readAll(await send(app.baseUrl, "aisdk-toolfail-1", "try the failing tool"))
    expect(errors).toEqual([])
    expect(toolParts(message)).toEqual([expect.objectContaining({ type: "tool-always_fails", toolCallId: "call_fail", state: "output-error", errorText: "the external service said no" })])
    expect(textsOf(message)).toEqual(["That tool failed, sorry."])
    expect(message.metadata).toMatchObject({ status: "completed" })
  })

  it("passes a tool's custom event through as a data-<name> part", async () => {
    app.model.script([{ toolCalls: [{ id: "inv_1", name: "check_inventory", arguments: { sku: "ABC-42" } }] }, { text: "7 in stock." }])
    const { message } = await readAll(await send(app.baseUrl, "aisdk-custom-1", "stock of ABC-42?"))
    expect(message.parts.filter((p) => p.type.startsWith("data-"))).toEqual([{ type: "data-inventory.checked", data: { sku: "ABC-42", in_stock: 7, warehouse: "north" } }])
  })

  it("a run cancelled through the native endpoint ends its tool part with an error, then abort and finish", async () => {
    gate.arm()
    app.model.script([{ text: "Waiting at the gate.", toolCalls: [{ id: "call_gate", name: "wait_for_gate", arguments: { note: "x" } }] }])
    const reading = readAll(await send(app.baseUrl, "aisdk-cancel-1", "wait"))
    await gate.started()
    await cancelRun(app.baseUrl, "aisdk-cancel-1")
    const { types, chunks, message } = await reading
    expect(types.slice(-3)).toEqual(["finish-step", "abort", "finish"])
    expect(chunks.at(-1)).toMatchObject({ finishReason: "other", messageMetadata: { status: "cancelled" } })
    expect(toolParts(message)).toEqual([expect.objectContaining({ toolCallId: "call_gate", state: "output-error" })])
    expect(textsOf(message)).toEqual(["Waiting at the gate."])
  })
})

describe("resume", () => {
  it("a resume during a live run continues it, and its reader assembles the same message as the live reader", async () => {
    gate.arm()
    app.model.script([{ text: "Before the gate.", toolCalls: [{ id: "call_g1", name: "wait_for_gate", arguments: { note: "live" } }] }, { text: "After the gate." }])
    const live = readAll(await send(app.baseUrl, "aisdk-resume-1", "wait"))
    await gate.started()
    const resumed = await transportFor(app.baseUrl).reconnectToStream({ chatId: "aisdk-resume-1" })
    expect(resumed).not.toBeNull()
    const resumedReading = readAll(resumed!)
    await gate.open()
    const [a, b] = await Promise.all([live, resumedReading])
    expect(b.errors).toEqual([])
    expect(textsOf(b.message)).toEqual(["Before the gate.", "After the gate."])
    expect(b.message).toEqual(a.message)
    // Nothing duplicated: one start, each text once.
    expect(b.types.filter((t) => t === "start")).toHaveLength(1)
    expect(b.types.at(-1)).toBe("finish")
  })

  it("useChat that lost its connection resumes the run and ends with the message a live reader gets; 204 once it ended", async () => {
    gate.arm()
    app.model.script([{ text: "Before the gate.", toolCalls: [{ id: "call_g2", name: "wait_for_gate", arguments: { note: "dropped" } }] }, { text: "After the gate." }])
    const first = new TestChat(app.baseUrl, { id: "aisdk-resume-2" })
    const sending = first.sendMessage({ text: "wait" })
    await gate.started()
    await eventually(() => (first.messages[1]?.parts.some((p) => p.type === "tool-wait_for_gate") ? true : undefined), "the tool part to arrive")
    await first.stop() // the connection goes; the run goes on (on_disconnect: continue)
    await sending
    expect((await app.stats()).activeRuns).toBeGreaterThan(0)

    // A reloaded page: the same chat id, the messages it had, and `resume: true`.
    const second = new TestChat(app.baseUrl, { id: "aisdk-resume-2", messages: first.messages })
    const resuming = second.resumeStream()
    await eventually(() => (second.status === "streaming" ? true : undefined), "the resumed stream to flow")
    await gate.open()
    await resuming
    expect(second.errors).toEqual([])
    expect(second.messages.map((m) => m.role)).toEqual(["user", "assistant"])
    const assistant = second.messages[1]!
    expect(textsOf(assistant)).toEqual(["Before the gate.", "After the gate."])
    expect(assistant).toEqual(await messageFromNativeLog(app.baseUrl, "aisdk-resume-2", assistant.id))

    // The run is over: nothing to resume.
    expect(await transportFor(app.baseUrl).reconnectToStream({ chatId: "aisdk-resume-2" })).toBeNull()
    const third = new TestChat(app.baseUrl, { id: "aisdk-resume-2", messages: second.messages })
    await third.resumeStream()
    expect(third.messages).toEqual(second.messages)
  })

  it("answers 204 for a chat it has never seen", async () => {
    const response = await fetch(`${app.baseUrl}/api/chat/never-seen/stream`)
    expect(response.status).toBe(204)
  })
})

describe("the wire", () => {
  it("sends the protocol header, data: frames only, heartbeats as comments, and ends with [DONE]", async () => {
    gate.arm()
    app.model.script([{ toolCalls: [{ id: "call_g3", name: "wait_for_gate", arguments: { note: "wire" } }] }, { text: "Done." }])
    const response = await fetch(`${app.baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "aisdk-wire-1", messages: [userMessage("u1", "wait a second")], trigger: "submit-message", heartbeat_interval: 1 })
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1")
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/)
    expect(response.headers.get("x-session-id")).toBe("aisdk-wire-1")
    expect(response.headers.get("content-location")).toBe("/api/chat/aisdk-wire-1/stream")
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
    for (const frame of frames) expect(frame).toMatch(/^(: [^\n]*|data: (\{[^\n]*\}|\[DONE\]))$/)
    expect(frames).toContain(": ping")
    expect(frames.at(-1)).toBe("data: [DONE]")
    expect(JSON.parse(frames.at(-2)!.slice("data: ".length))).toMatchObject({ type: "finish", finishReason: "stop" })
  })
})
