/**
 * Request spans: `@effect/platform` opens one per request. The server keeps them only where a
 * tracer records them (see `http/Server.ts`), so a host that provides one must still get a span
 * for every request, a streaming one included, with its method and status.
 */
import { Effect, Tracer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type TestApp, startApp } from "../support/app.js"
import { postJson } from "../support/sse.js"

interface Recorded {
  readonly name: string
  readonly kind: Tracer.SpanKind
  readonly span: Tracer.Span
}

const recorded: Array<Recorded> = []
const builtIn = Effect.runSync(Effect.tracer)
const recording = Tracer.make({
  span: (name, parent, context, links, startTime, kind, options) => {
    const span = builtIn.span(name, parent, context, links, startTime, kind, options)
    recorded.push({ name, kind, span })
    return span
  },
  context: (f, fiber) => builtIn.context(f, fiber)
})

let app: TestApp
beforeAll(async () => {
  app = await startApp({ tracer: recording })
})
afterAll(async () => {
  await app.close()
})

describe("request spans for a host that provides a tracer", () => {
  it("records a server span for a plain request and for a streamed run, each ended with its status", async () => {
    expect((await fetch(`${app.baseUrl}/health`)).status).toBe(200)
    app.model.script([{ text: "traced" }])
    const response = await postJson(`${app.baseUrl}/api/chat/agent`, { session_id: "traced", dialogue_history: [{ role: "user", content: "hi" }] })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain("traced")
    await app.settled()
    const servers = recorded.filter((r) => r.kind === "server")
    const paths = servers.map((r) => r.span.attributes.get("url.path"))
    expect(paths).toEqual(expect.arrayContaining(["/health", "/api/chat/agent"]))
    const run = servers.find((r) => r.span.attributes.get("url.path") === "/api/chat/agent")!
    expect(run.span.attributes.get("http.request.method")).toBe("POST")
    // Ended once the stream was over, with the response's status.
    expect(run.span.status._tag).toBe("Ended")
    expect(run.span.attributes.get("http.response.status_code")).toBe(200)
  })
})
