import { Validator } from "@seriousme/openapi-schema-validator"
import { Ajv2020 } from "ajv/dist/2020.js"
import addFormats from "ajv-formats"
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EventType, StreamEvent } from "../../src/domain/Events.js"
import { CancelAccepted, ErrorBody, Health, SessionSnapshot, StatusReport } from "../../src/domain/Resources.js"
import { openApiDocument } from "../../src/http/Contract.js"
import { eventsJsonSchema } from "../../src/http/EventsJsonSchema.js"
import { eventually, type TestApp, startApp } from "../support/app.js"
import { postJson, startRun, userTurn } from "../support/sse.js"
import { documentTool } from "../support/tools.js"

let app: TestApp
beforeAll(async () => {
  app = await startApp({ tools: [documentTool] })
})
afterAll(async () => {
  await app.settled()
  await app.close()
})

type Json = Record<string, any>

const getJson = async (path: string) => {
  const response = await fetch(`${app.baseUrl}${path}`)
  return { response, body: (await response.json()) as Json }
}

const eventTypes = (): Array<EventType> =>
  StreamEvent.members.flatMap(function flat(member: Schema.Schema.Any): Array<EventType> {
    return "members" in member ? (member.members as ReadonlyArray<Schema.Schema.Any>).flatMap(flat) : [(member as unknown as { fields: { event_type: { literals: [EventType] } } }).fields.event_type.literals[0]]
  })

describe("/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document, the one generated from the HttpApi declaration", async () => {
    const { response, body } = await getJson("/openapi.json")
    expect(response.status).toBe(200)
    const validator = new Validator()
    const result = await validator.validate(body)
    expect(result.errors).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(validator.version).toBe("3.1")
    expect(body["openapi"]).toBe("3.1.0")
    expect(body).toEqual(JSON.parse(JSON.stringify(openApiDocument())))
  })

  it("declares every endpoint of spec 01 and of the two dialects, with the SSE endpoints as text/event-stream and the stream described in prose", async () => {
    const { body } = await getJson("/openapi.json")
    const operations = Object.entries(body["paths"] as Json).flatMap(([path, ops]) => Object.keys(ops as Json).map((method) => `${method.toUpperCase()} ${path}`))
    expect(operations.sort()).toEqual(
      [
        "POST /api/chat/agent",
        "GET /api/chat/agent/{session_id}/events",
        "POST /api/chat/agent/{session_id}/cancel",
        "POST /api/ag-ui",
        "POST /api/chat",
        "GET /api/chat/{id}/stream",
        "GET /api/sessions/{session_id}",
        "GET /api/sessions/{session_id}/documents/{filename}",
        "GET /health",
        "GET /api/status",
        "GET /api/schema/events.json"
      ].sort()
    )
    expect(Object.keys(body["paths"]["/api/chat/agent"]["post"]["responses"]["200"]["content"])).toEqual(["text/event-stream"])
    expect(body["paths"]["/api/chat/agent"]["post"]["requestBody"]["content"]["application/json"]["schema"]["required"]).toEqual(["session_id", "dialogue_history"])
    for (const [path, method, required] of [
      ["/api/ag-ui", "post", ["threadId", "messages"]],
      ["/api/chat", "post", ["id", "messages"]]
    ] as const) {
      expect(Object.keys(body["paths"][path][method]["responses"]["200"]["content"])).toEqual(["text/event-stream"])
      expect(body["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["required"]).toEqual(required)
    }
    expect(Object.keys(body["paths"]["/api/chat/{id}/stream"]["get"]["responses"]).sort()).toEqual(["200", "204"])
    const description = String(body["info"]["description"])
    for (const phrase of ["Last-Event-ID", "conversation_end → complete → close", "/api/schema/events.json", "new_messages"]) expect(description).toContain(phrase)
    expect(Object.keys(body["components"]["schemas"])).toEqual(expect.arrayContaining(["StreamEvent", "ConnectionEnvelope", "CustomEnvelope", "SessionSnapshot"]))
  })
})

describe("/docs", () => {
  it("is a browsable page with its script embedded: nothing loaded from a CDN", async () => {
    const response = await fetch(`${app.baseUrl}/docs`)
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^text\/html/)
    const html = await response.text()
    expect(html).toContain("<title>GTPlanner API</title>")
    expect(html).toContain('"withDefaultFonts":false')
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i)
    expect(html).not.toMatch(/<link[^>]*\shref=["']?https?:/i)
    expect(html.length).toBeGreaterThan(1_000_000)
  })
})

describe("/api/schema/events.json", () => {
  it("is the JSON Schema generated from the event Schemas, with one definition per event type", async () => {
    const { response, body } = await getJson("/api/schema/events.json")
    expect(response.headers.get("content-type")).toBe("application/schema+json")
    expect(body).toEqual(eventsJsonSchema())
    expect(body["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema")
    const titles = Object.values(body["$defs"] as Record<string, { title: string }>).map((d) => d.title)
    expect(titles.sort()).toEqual(eventTypes().sort())
    // It compiles under a strict validator: no unknown keywords, no ambiguous references.
    expect(() => new Ajv2020({ strict: true }).compile(body)).not.toThrow()
  })

  it("rejects envelopes that break the catalogue, so checking against it means something", () => {
    const validate = new Ajv2020({ allErrors: true }).compile(eventsJsonSchema())
    const good = { event_type: "custom", timestamp: "2026-01-01T00:00:00.000Z", session_id: "s", data: { name: "n", value: 1 }, metadata: {} }
    expect(validate(good)).toBe(true)
    expect(validate({ ...good, data: { value: 1 } })).toBe(false)
    expect(validate({ ...good, event_type: "no_such_event" })).toBe(false)
    expect(validate({ ...good, timestamp: "yesterday" })).toBe(false)
    expect(validate({ ...good, event_type: "assistant_message_chunk", data: { content: "x", is_complete: true, chunk_index: 0, total_chunks: null, message_id: "m" } })).toBe(false)
  })
})

describe("the JSON endpoints answer what the contract declares", () => {
  const spec = openApiDocument() as unknown as Json
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)

  /** Checks status and body against the OpenAPI response declared for this operation. */
  const conforms = async (method: "get" | "post", template: string, response: Response) => {
    const declared = spec["paths"][template]?.[method]?.["responses"]?.[String(response.status)] as Json | undefined
    expect(declared, `${method.toUpperCase()} ${template} does not declare status ${response.status}`).toBeDefined()
    const schema = declared!["content"]?.["application/json"]?.["schema"] as Json | undefined
    if (schema === undefined) return undefined
    const body = (await response.json()) as unknown
    const validate = ajv.compile({ ...schema, components: spec["components"] })
    expect(validate(body), `${method.toUpperCase()} ${template} ${response.status}: ${ajv.errorsText(validate.errors)}`).toBe(true)
    return body
  }
  /** The body has exactly the keys its Schema declares — none undeclared. */
  const exactly = (schema: Schema.Schema.Any, body: unknown) =>
    expect(() => Schema.decodeUnknownSync(schema as Schema.Schema<unknown, unknown>, { onExcessProperty: "error" })(body)).not.toThrow()

  it("snapshots, documents, health and status", async () => {
    app.model.script([{ toolCalls: [{ id: "d1", name: "write_doc", arguments: { title: "Shop" } }] }, { text: "Written." }])
    await (await startRun(app.baseUrl, userTurn("contract-1", "write"))).readAll()
    const url = (path: string) => `${app.baseUrl}${path}`

    exactly(SessionSnapshot, await conforms("get", "/api/sessions/{session_id}", await fetch(url("/api/sessions/contract-1"))))
    exactly(ErrorBody, await conforms("get", "/api/sessions/{session_id}", await fetch(url("/api/sessions/nobody"))))
    await conforms("get", "/api/sessions/{session_id}/documents/{filename}", await fetch(url("/api/sessions/contract-1/documents/design.md")))
    exactly(ErrorBody, await conforms("get", "/api/sessions/{session_id}/documents/{filename}", await fetch(url("/api/sessions/contract-1/documents/x.md"))))
    exactly(Health, await conforms("get", "/health", await fetch(url("/health"))))
    exactly(StatusReport, await conforms("get", "/api/status", await fetch(url("/api/status"))))
    await conforms("get", "/api/schema/events.json", await fetch(url("/api/schema/events.json")))
  })

  it("the streaming endpoints' refusals, cancel and attach", async () => {
    const url = (path: string) => `${app.baseUrl}${path}`
    const start = "/api/chat/agent"
    exactly(ErrorBody, await conforms("post", start, await fetch(url(start), { method: "POST", headers: { "content-type": "application/json" }, body: "{" })))
    exactly(ErrorBody, await conforms("post", start, await postJson(url(start), { session_id: "x" })))
    exactly(ErrorBody, await conforms("post", start, await fetch(url(start), { method: "POST", body: "{}" })))
    exactly(ErrorBody, await conforms("post", "/api/chat/agent/{session_id}/cancel", await fetch(url("/api/chat/agent/nobody/cancel"), { method: "POST" })))
    exactly(ErrorBody, await conforms("get", "/api/chat/agent/{session_id}/events", await fetch(url("/api/chat/agent/nobody/events?after=x"))))
    await conforms("get", "/api/chat/agent/{session_id}/events", await fetch(url("/api/chat/agent/nobody/events")))

    app.model.script([{ tokens: 200, delayMs: 20 }])
    const running = await startRun(app.baseUrl, userTurn("contract-2", "go"))
    await running.until((e) => e.event === "assistant_message_chunk")
    exactly(ErrorBody, await conforms("post", start, await postJson(url(start), userTurn("contract-2", "again"))))
    exactly(CancelAccepted, await conforms("post", "/api/chat/agent/{session_id}/cancel", await fetch(url("/api/chat/agent/contract-2/cancel"), { method: "POST" })))
    await running.readAll()
    await eventually(async () => ((await app.stats()).activeRuns === 0 ? true : undefined), "the cancelled run to end")
  })

  it("the dialect endpoints' refusals and the resume's 204", async () => {
    const url = (path: string) => `${app.baseUrl}${path}`
    for (const path of ["/api/ag-ui", "/api/chat"]) {
      exactly(ErrorBody, await conforms("post", path, await fetch(url(path), { method: "POST", headers: { "content-type": "application/json" }, body: "{" })))
      exactly(ErrorBody, await conforms("post", path, await postJson(url(path), { messages: [] })))
      exactly(ErrorBody, await conforms("post", path, await fetch(url(path), { method: "POST", body: "{}" })))
    }
    await conforms("get", "/api/chat/{id}/stream", await fetch(url("/api/chat/nobody/stream")))
  })
})
