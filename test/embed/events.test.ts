import { Ajv2020 } from "ajv/dist/2020.js"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { StreamEnvelope, StreamEvent } from "../../src/domain/Events.js"
import { eventsJsonSchema } from "../../src/http/EventsJsonSchema.js"
import * as Tool from "../../src/planner/Tool.js"
import { type TestApp, startApp } from "../support/app.js"
import { openSse, type SseEvent, startRun, userTurn } from "../support/sse.js"
import { documentTool, echoTool, failingTool } from "../support/tools.js"

const announcing = Tool.make({
  name: "announce",
  description: "Announces something to the client.",
  parameters: Schema.Struct({ what: Schema.String }),
  execute: ({ what }, ctx) => Effect.as(ctx.custom("announcement", { what, nested: { list: [1, 2] } }), { result: { announced: what } })
})

let app: TestApp
beforeAll(async () => {
  app = await startApp({ tools: [echoTool, failingTool, documentTool, announcing], config: { retentionEvents: 30 } })
})
afterAll(async () => {
  await app.settled()
  await app.close()
})

const everyType = StreamEvent.members.flatMap(function flat(member: Schema.Schema.Any): Array<string> {
  return "members" in member ? (member.members as ReadonlyArray<Schema.Schema.Any>).flatMap(flat) : [String((member as unknown as { fields: { event_type: { literals: [string] } } }).fields.event_type.literals[0])]
})

/** Representative runs: between them, every event type of the catalogue. */
const scenarios: ReadonlyArray<{ readonly name: string; readonly events: () => Promise<ReadonlyArray<SseEvent>> }> = [
  {
    name: "text with metadata and coalesced chunks",
    events: async () => {
      app.model.script([{ text: "Plain text answer, in several words." }])
      return (await startRun(app.baseUrl, userTurn("ev-text", "hi", { include_metadata: true, buffer_events: true }))).readAll()
    }
  },
  {
    name: "tools that succeed, fail, write documents and announce",
    events: async () => {
      app.model.script([
        {
          text: "Working.",
          toolCalls: [
            { id: "a", name: "echo", arguments: { text: "x" } },
            { id: "b", name: "always_fails", arguments: {} },
            { id: "c", name: "write_doc", arguments: { title: "T" } },
            { id: "d", name: "announce", arguments: { what: "news" } },
            { id: "e", name: "no_such_tool", arguments: {} }
          ]
        },
        { text: "Done." }
      ])
      return (await startRun(app.baseUrl, userTurn("ev-tools", "work"))).readAll()
    }
  },
  {
    name: "a model that fails",
    events: async () => {
      app.model.script([{ fault: { type: "status", status: 401, message: "bad key" } }])
      return (await startRun(app.baseUrl, userTurn("ev-error", "hi"))).readAll()
    }
  },
  {
    name: "a cancelled run",
    events: async () => {
      app.model.script([{ tokens: 300, delayMs: 20 }])
      const stream = await startRun(app.baseUrl, userTurn("ev-cancel", "go"))
      await stream.until((e) => e.event === "assistant_message_chunk")
      await fetch(`${app.baseUrl}/api/chat/agent/ev-cancel/cancel`, { method: "POST" })
      return stream.readAll()
    }
  },
  {
    name: "heartbeats while the model thinks",
    events: async () => {
      app.model.script([{ text: "Slow.", firstDelayMs: 1200 }])
      return (await startRun(app.baseUrl, userTurn("ev-heartbeat", "hi", { heartbeat_interval: 1 }))).readAll()
    }
  },
  {
    name: "a resume whose start was evicted (replay_gap)",
    events: async () => {
      app.model.script([{ tokens: 60 }])
      await (await startRun(app.baseUrl, userTurn("ev-gap", "lots"))).readAll()
      return (await openSse(`${app.baseUrl}/api/chat/agent/ev-gap/events`, { headers: { "last-event-id": "2" } })).readAll()
    }
  }
]

describe("every event the server emits", () => {
  it("matches the published schema with no undeclared key, in runs that between them cover the whole catalogue", async () => {
    const strict = new Ajv2020({ allErrors: true }).compile(eventsJsonSchema({ strict: true }))
    const decodeExactly = Schema.decodeUnknownEither(StreamEnvelope, { onExcessProperty: "error" })
    const seen = new Set<string>()
    for (const scenario of scenarios) {
      // `SseStream` already checked each event against /api/schema/events.json as it arrived.
      const events = await scenario.events()
      expect(events.length, scenario.name).toBeGreaterThan(0)
      for (const event of events) {
        seen.add(event.envelope.event_type)
        expect(strict(event.envelope), `${scenario.name}: ${event.data}\n${JSON.stringify(strict.errors)}`).toBe(true)
        expect(decodeExactly(event.envelope)._tag, `${scenario.name}: ${event.data}`).toBe("Right")
      }
    }
    expect([...seen].sort()).toEqual([...everyType].sort())
  })
})
