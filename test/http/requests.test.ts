import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { request } from "node:http"
import { type TestApp, startApp } from "../support/app.js"
import { postJson } from "../support/sse.js"

let app: TestApp
beforeAll(async () => {
  app = await startApp({ config: { maxBodyBytes: 4096, maxHistory: 10, maxMessageChars: 1000 } })
})
afterAll(async () => {
  await app.close()
})

const agentUrl = () => `${app.baseUrl}/api/chat/agent`
const user = (content: string) => ({ role: "user", content })

interface Refusal {
  readonly name: string
  readonly send: () => Promise<Response>
  readonly status: number
  readonly code: string
  readonly details?: unknown
  readonly message?: RegExp
}

const refusals: ReadonlyArray<Refusal> = [
  {
    name: "a body that is not JSON",
    send: () => fetch(agentUrl(), { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }),
    status: 400,
    code: "invalid_json",
    message: /not valid JSON/
  },
  {
    name: "wrong types, each failing field named by its path",
    send: () => postJson(agentUrl(), { session_id: 42, dialogue_history: [user("hi"), { role: "robot", content: "x" }], heartbeat_interval: 0 }),
    status: 400,
    code: "invalid_request",
    details: expect.arrayContaining([
      expect.objectContaining({ path: "session_id" }),
      expect.objectContaining({ path: "dialogue_history[1].role" }),
      expect.objectContaining({ path: "heartbeat_interval" })
    ]),
    message: /dialogue_history\[1\]\.role/
  },
  {
    name: "a session id with characters outside the allowed set",
    send: () => postJson(agentUrl(), { session_id: "a b/c", dialogue_history: [user("hi")] }),
    status: 400,
    code: "invalid_request",
    details: [expect.objectContaining({ path: "session_id" })]
  },
  {
    name: "a missing dialogue_history",
    send: () => postJson(agentUrl(), { session_id: "s" }),
    status: 400,
    code: "invalid_request",
    details: [expect.objectContaining({ path: "dialogue_history" })]
  },
  {
    name: "an empty history",
    send: () => postJson(agentUrl(), { session_id: "s", dialogue_history: [] }),
    status: 400,
    code: "empty_history"
  },
  {
    name: "a history with no user message to answer",
    send: () => postJson(agentUrl(), { session_id: "s", dialogue_history: [user("hi"), { role: "assistant", content: "hello" }] }),
    status: 400,
    code: "no_user_message"
  },
  {
    name: "a history longer than the limit",
    send: () => postJson(agentUrl(), { session_id: "s", dialogue_history: Array.from({ length: 11 }, () => user("hi")) }),
    status: 400,
    code: "invalid_request",
    details: [expect.objectContaining({ path: "dialogue_history" })]
  },
  {
    name: "a message longer than the limit",
    send: () => postJson(agentUrl(), { session_id: "s", dialogue_history: [user("x".repeat(1001))] }),
    status: 400,
    code: "invalid_request",
    details: [expect.objectContaining({ path: "dialogue_history[0].content" })]
  },
  {
    name: "a body over the size limit",
    send: () => postJson(agentUrl(), { session_id: "s", dialogue_history: [user("y".repeat(5000))] }),
    status: 413,
    code: "payload_too_large"
  },
  {
    name: "a body over the size limit sent without a length (chunked)",
    send: () =>
      fetch(agentUrl(), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(`{"session_id":"s","dialogue_history":[{"role":"user","content":"${"z".repeat(6000)}"}]}`))
            controller.close()
          }
        }),
        duplex: "half"
      } as RequestInit),
    status: 413,
    code: "payload_too_large"
  },
  {
    name: "the wrong content type",
    send: () => fetch(agentUrl(), { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ session_id: "s", dialogue_history: [user("hi")] }) }),
    status: 415,
    code: "unsupported_media_type"
  }
]

describe("bad requests get their status and a JSON error, and start no run", () => {
  for (const r of refusals) {
    it(r.name, async () => {
      const before = await app.stats()
      const modelRequests = app.model.requests.length
      const response = await r.send()
      expect(response.status).toBe(r.status)
      expect(response.headers.get("content-type")).toMatch(/^application\/json/)
      const body = (await response.json()) as { error: { code: string; message: string; details?: unknown } }
      expect(body.error.code).toBe(r.code)
      expect(body.error.message.length).toBeGreaterThan(10)
      if (r.details !== undefined) expect(body.error.details).toEqual(r.details)
      if (r.message !== undefined) expect(body.error.message).toMatch(r.message)
      expect((await app.stats()).totals.runs_started).toBe(before.totals.runs_started)
      expect(app.model.requests.length).toBe(modelRequests)
    })
  }

  it("ignores unknown keys (newer clients keep working)", async () => {
    app.model.script([{ text: "fine" }])
    const response = await postJson(agentUrl(), { session_id: "extra-keys", dialogue_history: [user("hi")], some_future_option: true })
    expect(response.status).toBe(200)
    await response.text()
  })

  it("answers unknown routes with a JSON 404 naming the route", async () => {
    const response = await fetch(`${app.baseUrl}/api/nope`)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "No route for GET /api/nope." } })
  })
})

describe("reading the body straight from the connection", () => {
  const openPost = () => {
    const url = new URL(agentUrl())
    return request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } })
  }

  it("stops reading a body without a length far past the limit and answers 413 while the client still sends", async () => {
    const before = await app.stats()
    const req = openPost()
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on("response", (res) => {
        let body = ""
        res.setEncoding("utf8")
        res.on("data", (part: string) => (body += part))
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on("error", reject)
    })
    // 4 096 bytes allowed; 16× that is read and discarded; this is past it, and the body never ends.
    req.write(`{"session_id":"s","dialogue_history":[{"role":"user","content":"${"z".repeat(80_000)}`)
    const { status, body } = await answered
    req.destroy()
    expect(status).toBe(413)
    expect(JSON.parse(body).error.code).toBe("payload_too_large")
    expect((await app.stats()).totals.runs_started).toBe(before.totals.runs_started)
  })

  it("a client that goes away in the middle of its body starts nothing, and the server keeps serving", async () => {
    const before = await app.stats()
    const modelRequests = app.model.requests.length
    const req = openPost()
    req.on("error", () => undefined)
    req.write(`{"session_id":"gone","dialogue_history":[{"role":"user","content":"hal`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    req.destroy()
    await new Promise((resolve) => setTimeout(resolve, 100))
    app.model.script([{ text: "still here" }])
    const response = await postJson(agentUrl(), { session_id: "after-gone", dialogue_history: [user("hi")] })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain("still here")
    const after = await app.stats()
    expect(after.totals.runs_started).toBe(before.totals.runs_started + 1)
    expect(app.model.requests.length).toBe(modelRequests + 1)
  })
})
