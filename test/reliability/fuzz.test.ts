import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type TestApp, startApp } from "../support/app.js"
import { grammarViolations } from "../support/grammar.js"
import { openSse } from "../support/sse.js"

const RUNS = 2000

let app: TestApp
beforeAll(async () => {
  app = await startApp({ config: { maxBodyBytes: 256 * 1024, maxConcurrentRuns: 1000 } })
  app.model.script(() => ({ text: "fuzzed but fine" }))
})
afterAll(async () => {
  const stats = await app.settled()
  expect(stats.activeRuns).toBe(0)
  expect(stats.listeners).toBe(0)
  await app.close()
})

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }), // lone surrogates and other odd code points
  fc.constantFrom("", " ", "\u0000", "\u202e", "🤖".repeat(100), "a".repeat(300_000), "__proto__", "constructor"),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 })
)

const deep = fc.integer({ min: 1, max: 3000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth))

const message = fc.record(
  {
    role: fc.oneof(fc.constantFrom("user", "assistant", "system", "tool"), nasty),
    content: fc.oneof(fc.string(), fc.array(fc.record({ type: fc.constantFrom("text", "image_url", "x"), text: fc.string() })), nasty),
    tool_calls: fc.oneof(nasty, fc.array(fc.record({ id: fc.string(), type: fc.constant("function"), function: fc.record({ name: fc.string(), arguments: fc.string() }) }))),
    tool_call_id: nasty
  },
  { requiredKeys: ["role", "content"] }
)

/** Bodies near the valid shape, each field possibly replaced by something hostile. */
const structured = fc
  .record(
    {
      session_id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/), nasty),
      dialogue_history: fc.oneof(fc.array(message, { maxLength: 4 }), nasty),
      tool_execution_results: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), nasty),
      session_metadata: fc.oneof(fc.record({ language: fc.oneof(fc.constantFrom("zh", "en", "ja", "es", "fr", "xx"), nasty) }), nasty),
      language: fc.oneof(fc.constantFrom("zh", "en", "ja", "es", "fr"), nasty),
      include_metadata: fc.oneof(fc.boolean(), nasty),
      buffer_events: fc.oneof(fc.boolean(), nasty),
      heartbeat_interval: fc.oneof(fc.integer({ min: -5, max: 400 }), nasty),
      on_disconnect: fc.oneof(fc.constantFrom("continue", "cancel"), nasty)
    },
    { requiredKeys: [] }
  )
  .chain((body) =>
    fc
      .dictionary(fc.constantFrom("__proto__", "constructor", "prototype", "polluted", "x"), fc.jsonValue(), { maxKeys: 3 })
      .map((extra) => JSON.stringify(body).replace(/^\{/, `{${Object.entries(extra).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`).join("")}`).replace(/,\}$/, "}"))
  )

const bodies = fc.oneof(
  { arbitrary: structured, weight: 6 },
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 2 },
  { arbitrary: fc.string(), weight: 1 },
  { arbitrary: deep, weight: 1 },
  {
    arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{1,12}$/).map((id) => JSON.stringify({ session_id: `ok-${id}`, dialogue_history: [{ role: "user", content: "plan a shop" }] })),
    weight: 2
  }
)

describe("fuzzing POST /api/chat/agent", () => {
  it(`never answers 5xx nor crashes over ${RUNS} generated bodies; every answer is a JSON error or a valid run`, async () => {
    let runs = 0
    let refusals = 0
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const response = await fetch(`${app.baseUrl}/api/chat/agent`, { method: "POST", headers: { "content-type": "application/json" }, body })
        expect(response.status).toBeLessThan(500)
        if (response.status === 200) {
          await response.body?.cancel()
          // Follow the run through the attach endpoint: it must end truthfully.
          const sessionId = response.headers.get("x-session-id")!
          const stream = await openSse(`${app.baseUrl}/api/chat/agent/${encodeURIComponent(sessionId)}/events`)
          const events = await stream.readAll()
          expect(grammarViolations(events.slice(1).map((e) => e.envelope))).toEqual([])
          runs++
          return
        }
        expect(response.headers.get("content-type")).toMatch(/^application\/json/)
        const json = (await response.json()) as { error?: { code?: unknown; message?: unknown } }
        expect(typeof json.error?.code).toBe("string")
        expect(typeof json.error?.message).toBe("string")
        refusals++
      }),
      { numRuns: RUNS }
    )
    console.log(`fuzz: ${RUNS} bodies → ${runs} runs, ${refusals} refusals`)
    expect(runs).toBeGreaterThan(50)
    expect(refusals).toBeGreaterThan(1000)
    expect(Object.prototype).not.toHaveProperty("polluted")
    expect((await fetch(`${app.baseUrl}/health`)).status).toBe(200)
  }, 180_000)
})
