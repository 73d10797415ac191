/**
 * A run is forked into the session engine's own context, not the request's that started it: it
 * outlives that request, and once it has ended it is retained for resume without its fiber — so
 * a retained run keeps neither the request (its socket and response) nor the fiber's stack.
 */
import { HttpServerRequest } from "@effect/platform"
import { Effect, Option, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Tool from "../../src/planner/Tool.js"
import { type TestApp, startApp } from "../support/app.js"
import { startRun, userTurn } from "../support/sse.js"

/** Says whether the run it is called in can see an HTTP request. */
const requestProbe = Tool.make({
  name: "request_probe",
  description: "Reports whether an HTTP request is in reach.",
  parameters: Schema.Struct({}),
  execute: () =>
    Effect.map(Effect.serviceOption(HttpServerRequest.HttpServerRequest), (request) => ({
      result: { sees_request: Option.isSome(request) }
    }))
})

let app: TestApp
beforeAll(async () => {
  app = await startApp({ tools: [requestProbe] })
})
afterAll(async () => {
  await app.close()
})

describe("a run's context", () => {
  it("does not hold the request that started it, and a retained run holds no fiber", async () => {
    app.model.script([{ text: "Probing.", toolCalls: [{ id: "call_probe", name: "request_probe", arguments: {} }] }, { text: "Done." }])
    const events = await (await startRun(app.baseUrl, userTurn("run-context", "probe"))).readAll()
    const end = events.find((e) => e.event === "tool_call_end")
    expect(end?.envelope.data).toMatchObject({ status: "completed", result: { sees_request: false } })
    expect(events.at(-1)?.event).toBe("close")

    const retained = Option.getOrThrow(await Effect.runPromise(app.registry.find("run-context")))
    expect(retained.status).toBe("completed")
    expect(retained.fiber).toBeNull()
  })
})
