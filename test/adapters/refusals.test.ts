/**
 * Both dialects refuse bad input before anything starts, with the native refusal shape
 * `{"error": {"code", "message", "details"}}` naming the field in the dialect's own terms — and
 * sit behind the same API key as the native endpoints.
 */
import { HttpAgent } from "@ag-ui/client"
import { Option, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type TestApp, startApp } from "../support/app.js"
import { postJson } from "../support/sse.js"
import { TestChat, userMessage } from "./chat.js"

let app: TestApp
beforeAll(async () => {
  app = await startApp({ tools: [], config: { maxMessageChars: 1000 } })
})
afterAll(() => app.close())

interface Refusal {
  readonly name: string
  readonly path: string
  readonly body: unknown
  readonly status?: number
  readonly code: string
  /** The fields the refusal must name, in order. */
  readonly fields?: ReadonlyArray<string>
  readonly message?: RegExp
}

const agUser = (content: unknown) => ({ id: "m1", role: "user", content })
const uiUser = (text: unknown) => ({ id: "u1", role: "user", parts: [{ type: "text", text }] })

const refusals: ReadonlyArray<Refusal> = [
  { name: "AG-UI: no threadId", path: "/api/ag-ui", body: { runId: "r", messages: [agUser("hi")] }, code: "invalid_request", fields: ["threadId"] },
  {
    name: "AG-UI: a threadId outside the session id alphabet",
    path: "/api/ag-ui",
    body: { threadId: "a b/c", runId: "r", messages: [agUser("hi")] },
    code: "invalid_request",
    fields: ["threadId"],
    message: /threadId must be 1-128 characters/
  },
  {
    name: "AG-UI: a message with an unknown role",
    path: "/api/ag-ui",
    body: { threadId: "t", runId: "r", messages: [agUser("hi"), { id: "m2", role: "robot", content: "x" }] },
    code: "invalid_request",
    fields: ["messages[1].role"]
  },
  {
    name: "AG-UI: a user message whose content is neither text nor parts",
    path: "/api/ag-ui",
    body: { threadId: "t", runId: "r", messages: [agUser(5)] },
    code: "invalid_request",
    fields: ["messages[0].content"]
  },
  {
    name: "AG-UI: state that is not an object",
    path: "/api/ag-ui",
    body: { threadId: "t", runId: "r", state: [1, 2], messages: [agUser("hi")] },
    code: "invalid_request",
    fields: ["state"]
  },
  {
    name: "AG-UI: a run option in forwardedProps out of range",
    path: "/api/ag-ui",
    body: { threadId: "t", runId: "r", forwardedProps: { language: "de", heartbeat_interval: 0 }, messages: [agUser("hi")] },
    code: "invalid_request",
    fields: ["forwardedProps.language", "forwardedProps.heartbeat_interval"]
  },
  { name: "AG-UI: no messages", path: "/api/ag-ui", body: { threadId: "t", runId: "r", messages: [] }, code: "empty_history", message: /messages is empty/ },
  {
    name: "AG-UI: a conversation that does not end with the user",
    path: "/api/ag-ui",
    body: { threadId: "t", runId: "r", messages: [agUser("hi"), { id: "a1", role: "assistant", content: "hello" }] },
    code: "no_user_message",
    message: /last message of messages/
  },
  {
    name: "AG-UI: a message over the size limit, named by its index among the client's messages",
    path: "/api/ag-ui",
    body: { threadId: "t", runId: "r", messages: [{ id: "x", role: "activity", activityType: "A", content: {} }, agUser("x".repeat(1001))] },
    code: "invalid_request",
    fields: ["messages[1].content"]
  },
  { name: "AI SDK: no id", path: "/api/chat", body: { messages: [uiUser("hi")] }, code: "invalid_request", fields: ["id"] },
  {
    name: "AI SDK: a text part without text",
    path: "/api/chat",
    body: { id: "c", messages: [uiUser(5)] },
    code: "invalid_request",
    fields: ["messages[0].parts[0].text"]
  },
  {
    name: "AI SDK: a message with an unknown role",
    path: "/api/chat",
    body: { id: "c", messages: [{ id: "x", role: "tool", parts: [] }, uiUser("hi")] },
    code: "invalid_request",
    fields: ["messages[0].role"]
  },
  {
    name: "AI SDK: a tool part without its call id",
    path: "/api/chat",
    body: { id: "c", messages: [uiUser("hi"), { id: "a", role: "assistant", parts: [{ type: "tool-echo", state: "output-available", output: 1 }] }, uiUser("again")] },
    code: "invalid_request",
    fields: ["messages[1].parts[0].toolCallId"]
  },
  {
    name: "AI SDK: state updates in an assistant message's metadata that are not an object",
    path: "/api/chat",
    body: { id: "c", messages: [uiUser("hi"), { id: "a", role: "assistant", parts: [], metadata: { tool_execution_results_updates: 3 } }, uiUser("again")] },
    code: "invalid_request",
    fields: ["messages[1].metadata.tool_execution_results_updates"]
  },
  {
    name: "AI SDK: a run option out of range",
    path: "/api/chat",
    body: { id: "c", messages: [uiUser("hi")], on_disconnect: "explode" },
    code: "invalid_request",
    fields: ["on_disconnect"]
  },
  { name: "AI SDK: no messages", path: "/api/chat", body: { id: "c", messages: [] }, code: "empty_history" },
  {
    name: "AI SDK: a conversation that does not end with the user",
    path: "/api/chat",
    body: { id: "c", messages: [uiUser("hi"), { id: "a", role: "assistant", parts: [{ type: "text", text: "hello" }] }] },
    code: "no_user_message"
  },
  {
    name: "AI SDK: a message over the size limit",
    path: "/api/chat",
    body: { id: "c", messages: [uiUser("x".repeat(1001))] },
    code: "invalid_request",
    fields: ["messages[0].parts"]
  }
]

describe("bad request bodies get a JSON refusal naming the field, and start no run", () => {
  for (const r of refusals) {
    it(r.name, async () => {
      const before = await app.stats()
      const response = await postJson(`${app.baseUrl}${r.path}`, r.body)
      expect(response.status).toBe(r.status ?? 400)
      expect(response.headers.get("content-type")).toMatch(/^application\/json/)
      const { error } = (await response.json()) as { error: { code: string; message: string; details?: Array<{ path: string }> } }
      expect(error.code).toBe(r.code)
      if (r.fields) expect(error.details?.map((d) => d.path)).toEqual(r.fields)
      if (r.message) expect(error.message).toMatch(r.message)
      expect((await app.stats()).totals.runs_started).toBe(before.totals.runs_started)
    })
  }

  for (const path of ["/api/ag-ui", "/api/chat"]) {
    it(`${path}: a body that is not JSON, or not sent as JSON`, async () => {
      const notJson = await fetch(`${app.baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" })
      expect(notJson.status).toBe(400)
      expect(await notJson.json()).toMatchObject({ error: { code: "invalid_json" } })
      const wrongType = await fetch(`${app.baseUrl}${path}`, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" })
      expect(wrongType.status).toBe(415)
      expect(await wrongType.json()).toMatchObject({ error: { code: "unsupported_media_type" } })
    })
  }

  it("reach the stock clients as errors carrying the status and the refusal", async () => {
    const agent = new HttpAgent({ url: `${app.baseUrl}/api/ag-ui`, threadId: "bad thread", initialMessages: [{ id: "m", role: "user", content: "hi" }] })
    const failure = (await agent.runAgent().then(
      () => undefined,
      (e: unknown) => e
    )) as { status?: number; payload?: { error?: { code?: string } } } | undefined
    expect(failure?.status).toBe(400)
    expect(failure?.payload?.error?.code).toBe("invalid_request")

    const chat = new TestChat(app.baseUrl, { id: "bad chat" })
    await chat.sendMessage({ text: "hi" })
    expect(chat.status).toBe("error")
    expect(JSON.parse(chat.errors[0]!.message)).toMatchObject({ error: { code: "invalid_request", details: [{ path: "id" }] } })
  })
})

describe("behind the API key", () => {
  const KEY = "adapters-test-key-0123456789"
  let secured: TestApp
  beforeAll(async () => {
    secured = await startApp({ tools: [], config: { apiKey: Option.some(Redacted.make(KEY)) } })
  })
  afterAll(() => secured.close())

  it("both dialects need the key; the AI SDK resume also takes it as ?api_key=", async () => {
    const agUi = { threadId: "k1", runId: "r", messages: [agUser("hi")] }
    expect((await postJson(`${secured.baseUrl}/api/ag-ui`, agUi)).status).toBe(401)
    expect((await postJson(`${secured.baseUrl}/api/chat`, { id: "k2", messages: [userMessage("u", "hi")] })).status).toBe(401)
    expect((await fetch(`${secured.baseUrl}/api/chat/k2/stream`)).status).toBe(401)
    expect((await fetch(`${secured.baseUrl}/api/chat/k2/stream?api_key=wrong-key-wrong-key`)).status).toBe(401)
    expect((await fetch(`${secured.baseUrl}/api/chat/k2/stream?api_key=${KEY}`)).status).toBe(204)
    // A POST does not take the key from the query.
    expect((await postJson(`${secured.baseUrl}/api/chat?api_key=${KEY}`, { id: "k2", messages: [userMessage("u", "hi")] })).status).toBe(401)

    secured.model.script([{ text: "Hello." }, { text: "Hello again." }])
    const agent = new HttpAgent({ url: `${secured.baseUrl}/api/ag-ui`, threadId: "k1", headers: { authorization: `Bearer ${KEY}` }, initialMessages: [{ id: "m", role: "user", content: "hi" }] })
    await agent.runAgent()
    expect(agent.messages.at(-1)).toMatchObject({ role: "assistant", content: "Hello." })
    const chat = new TestChat(secured.baseUrl, { id: "k2", headers: { authorization: `Bearer ${KEY}` } })
    await chat.sendMessage({ text: "hi" })
    expect(chat.errors).toEqual([])
    expect(chat.messages.at(-1)?.parts).toContainEqual({ type: "text", text: "Hello again.", state: "done" })
  })
})
