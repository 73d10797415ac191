import { Chunk, Effect, Logger, LogLevel, Schema, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { GTPlanner, Tool } from "../../src/index.js"
import { grammarViolations } from "../support/grammar.js"
import { startRun, userTurn } from "../support/sse.js"
import { type Host, startHost } from "./host.js"

/** An embedder's own tool: looks up its own data, reports progress and a custom event. */
const inventoryTool = Tool.make({
  name: "check_inventory",
  description: "Tells how many units of a product are in stock.",
  parameters: Schema.Struct({ sku: Schema.String.pipe(Schema.pattern(/^[A-Z]{3}-\d+$/)) }),
  execute: ({ sku }, ctx) =>
    Effect.gen(function* () {
      yield* ctx.progress(`looking up ${sku}`, { step: 1, total: 1 })
      yield* ctx.custom("inventory.checked", { sku, in_stock: 7, warehouse: "north" })
      return { result: { sku, in_stock: 7 }, updates: { last_inventory_check: sku } }
    })
})

let host: Host
beforeAll(async () => {
  host = await startHost({ tools: [inventoryTool] })
})
afterAll(() => host.close())

describe("a tool an embedder registers", () => {
  it("is offered to the model, executes when called, and its custom event reaches an HTTP client", async () => {
    host.model.script([
      { text: "Checking stock.", toolCalls: [{ id: "inv_1", name: "check_inventory", arguments: { sku: "ABC-42" } }] },
      { text: "Seven in stock." }
    ])
    const stream = await startRun(host.baseUrl, userTurn("tool-1", "is ABC-42 in stock?"))
    const events = await stream.readAll()

    const offered = host.model.requests.at(-2)!.body.tools!.map((t) => t.function)
    expect(offered).toContainEqual({
      name: "check_inventory",
      description: "Tells how many units of a product are in stock.",
      parameters: { type: "object", required: ["sku"], properties: { sku: { type: "string", pattern: "^[A-Z]{3}-\\d+$", description: expect.any(String) } }, additionalProperties: false }
    })
    expect(stream.types().filter((t) => t.startsWith("tool_call") || t === "custom")).toEqual([
      "tool_call_start",
      "tool_call_progress",
      "custom",
      "tool_call_end"
    ])
    expect(events.find((e) => e.event === "custom")!.envelope.data).toEqual({
      name: "inventory.checked",
      value: { sku: "ABC-42", in_stock: 7, warehouse: "north" }
    })
    expect(events.find((e) => e.event === "tool_call_end")!.envelope.data).toMatchObject({ call_id: "inv_1", status: "completed", result: { sku: "ABC-42", in_stock: 7 } })
    expect(events.at(-2)!.envelope.data).toMatchObject({ status: "completed", result: { tool_execution_results_updates: { last_inventory_check: "ABC-42" } } })
    expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
    // What the model read back is the tool's result.
    const toolMessage = host.model.requests.at(-1)!.body.messages.find((m) => m.role === "tool")!
    expect(JSON.parse(String(toolMessage.content))).toEqual({ sku: "ABC-42", in_stock: 7 })
  })

  it("fails like a built-in tool when the model calls it with invalid arguments", async () => {
    host.model.script([{ toolCalls: [{ id: "inv_2", name: "check_inventory", arguments: { sku: "nope" } }] }, { text: "Sorry." }])
    const events = await (await startRun(host.baseUrl, userTurn("tool-2", "check nope"))).readAll()
    expect(events.find((e) => e.event === "tool_call_end")!.envelope.data).toMatchObject({ status: "failed", error_message: expect.stringMatching(/^The tool arguments are invalid: sku:/) })
    expect(events.some((e) => e.event === "custom")).toBe(false)
  })

  it("emits its custom event in the planner's own stream too, without HTTP", async () => {
    host.model.script([{ toolCalls: [{ id: "inv_3", name: "check_inventory", arguments: { sku: "XYZ-1" } }] }, { text: "Done." }])
    const events = await Effect.runPromise(
      GTPlanner.Planner.run({ dialogue_history: [{ role: "user", content: "check XYZ-1" }] }).pipe(
        Stream.runCollect,
        Effect.map(Chunk.toReadonlyArray),
        Effect.provide(GTPlanner.layer({ llm: { baseUrl: host.model.url, apiKey: "sk-test", model: "scripted-model" }, tools: [inventoryTool] })),
        Effect.provide(Logger.minimumLogLevel(LogLevel.Warning))
      )
    )
    expect(events.find((e) => e.event_type === "custom")).toEqual({ event_type: "custom", data: { name: "inventory.checked", value: { sku: "XYZ-1", in_stock: 7, warehouse: "north" } } })
  })

  it("serves the host's own route next to the GTPlanner routes on one router", async () => {
    const hello = await fetch(`${host.baseUrl}/host/hello`)
    expect(await hello.text()).toBe("hello from the host")
    expect((await fetch(`${host.baseUrl}/health`)).status).toBe(200)
    expect((await fetch(`${host.baseUrl}/openapi.json`)).status).toBe(200)
    // The test page and the catch-all 404 are the host's business, not mounted by HttpRoutes.
    expect((await fetch(`${host.baseUrl}/`)).status).toBe(404)
  })
})
