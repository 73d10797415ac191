import { Option, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type TestApp, startApp } from "../support/app.js"
import { openSse, postJson, userTurn } from "../support/sse.js"

const KEY = "test-key-0123456789abcdef"

let app: TestApp
beforeAll(async () => {
  app = await startApp({
    config: { apiKey: Option.some(Redacted.make(KEY)), corsOrigins: ["https://app.example.com"] }
  })
  app.model.script(() => ({ text: "authorised answer" }))
})
afterAll(async () => {
  await app.settled()
  await app.close()
})

const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

describe("API key", () => {
  const routes: ReadonlyArray<[string, string, () => RequestInit]> = [
    ["POST", "/api/chat/agent", () => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(userTurn("auth-x", "hi")) })],
    ["GET", "/api/chat/agent/auth-1/events", () => ({})],
    ["POST", "/api/chat/agent/auth-1/cancel", () => ({ method: "POST" })],
    ["GET", "/api/sessions/auth-1", () => ({})],
    ["GET", "/api/sessions/auth-1/documents/design.md", () => ({})],
    ["GET", "/api/status", () => ({})],
    ["GET", "/metrics", () => ({})]
  ]

  for (const [method, path, init] of routes) {
    it(`${method} ${path}: 401 without a key or with a wrong one; served with the right one`, async () => {
      const base = init()
      const none = await fetch(`${app.baseUrl}${path}`, base)
      expect(none.status).toBe(401)
      expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/)
      expect(await none.json()).toMatchObject({ error: { code: "unauthorized" } })
      const wrong = await fetch(`${app.baseUrl}${path}`, { ...base, headers: { ...(base.headers as Record<string, string>), ...bearer(`${KEY}x`) } })
      expect(wrong.status).toBe(401)
      expect(await wrong.json()).toMatchObject({ error: { code: "unauthorized", message: "The API key is not valid." } })
      const right = await fetch(`${app.baseUrl}${path}`, { ...base, headers: { ...(base.headers as Record<string, string>), ...bearer(KEY) } })
      expect(right.status).not.toBe(401)
      await right.text()
    })
  }

  it("accepts ?api_key= on the attach endpoint only (EventSource cannot send headers)", async () => {
    const start = await fetch(`${app.baseUrl}/api/chat/agent`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(KEY) },
      body: JSON.stringify(userTurn("auth-query", "hi"))
    })
    await start.text()
    const attached = await openSse(`${app.baseUrl}/api/chat/agent/auth-query/events?api_key=${KEY}`)
    expect((await attached.readAll()).at(-1)!.event).toBe("close")
    expect((await fetch(`${app.baseUrl}/api/sessions/auth-query?api_key=${KEY}`)).status).toBe(401)
    expect((await fetch(`${app.baseUrl}/api/chat/agent/auth-query/events?api_key=nope`)).status).toBe(401)
  })

  it("leaves /, /static, /health open", async () => {
    expect((await fetch(`${app.baseUrl}/`)).status).toBe(200)
    expect((await fetch(`${app.baseUrl}/static/page.css`)).status).toBe(200)
    expect((await fetch(`${app.baseUrl}/health`)).status).toBe(200)
  })
})

describe("CORS", () => {
  const preflight = (origin: string) =>
    fetch(`${app.baseUrl}/api/chat/agent`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" }
    })

  it("answers a preflight from an allowed origin, naming only that origin and no credentials", async () => {
    const response = await preflight("https://app.example.com")
    expect(response.status).toBe(204)
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example.com")
    expect(response.headers.get("access-control-allow-methods")).toContain("POST")
    expect(response.headers.get("access-control-allow-headers")).toContain("authorization")
    expect(response.headers.get("access-control-allow-credentials")).toBeNull()
  })

  it("gives a foreign origin no access", async () => {
    const response = await preflight("https://evil.example.net")
    expect(response.headers.get("access-control-allow-origin")).toBeNull()
    const simple = await fetch(`${app.baseUrl}/health`, { headers: { origin: "https://evil.example.net" } })
    expect(simple.headers.get("access-control-allow-origin")).toBeNull()
  })

  it("exposes the stream headers to an allowed origin", async () => {
    const response = await postJson(`${app.baseUrl}/api/chat/agent`, userTurn("cors-1", "hi"), { origin: "https://app.example.com", ...bearer(KEY) })
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example.com")
    expect(response.headers.get("access-control-expose-headers")).toContain("x-run-id")
    await response.text()
  })
})

describe("defaults", () => {
  it("is same-origin only and open when nothing is configured", async () => {
    const open = await startApp()
    try {
      const response = await fetch(`${open.baseUrl}/api/status`, { headers: { origin: "https://app.example.com" } })
      expect(response.status).toBe(200)
      expect(response.headers.get("access-control-allow-origin")).toBeNull()
      const preflight = await fetch(`${open.baseUrl}/api/chat/agent`, { method: "OPTIONS", headers: { origin: "https://app.example.com" } })
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull()
    } finally {
      await open.close()
    }
  })
})
