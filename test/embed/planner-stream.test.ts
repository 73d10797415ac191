import { Chunk, Effect, Logger, LogLevel, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { GTPlanner } from "../../src/index.js"
import type { Reply } from "../../src/llm/scripted/Reply.js"
import { startRun, userTurn } from "../support/sse.js"
import { documentTool, echoTool, failingTool } from "../support/tools.js"
import { type Host, startHost } from "./host.js"

const tools = [echoTool, failingTool, documentTool]

let host: Host
beforeAll(async () => {
  host = await startHost({ tools })
})
afterAll(() => host.close())

/** The events of a run, without what differs from run to run by nature: ids, clocks, durations. */
const comparable = (events: ReadonlyArray<{ readonly event_type: string; readonly data: unknown }>, runId: string) =>
  JSON.parse(
    JSON.stringify(events.map((e) => ({ event_type: e.event_type, data: e.data })))
      .replaceAll(runId, "RUN")
      .replace(/"(execution_time|timestamp)":("[^"]*"|[\d.e-]+)/g, '"$1":"…"')
  ) as unknown

const TRANSPORT = new Set(["connection", "complete", "close", "heartbeat"])

const scenario: ReadonlyArray<Reply> = [
  {
    text: "Let me work on that.",
    toolCalls: [
      { id: "c_echo", name: "echo", arguments: { text: "plan", times: 2 } },
      { id: "c_fail", name: "always_fails", arguments: {} }
    ]
  },
  { toolCalls: [{ id: "c_doc", name: "write_doc", arguments: { title: "Bookshop" } }] },
  { text: "Here is your design, written down." }
]

describe("Planner.run consumed directly", () => {
  it("yields the same events, in the same order, as the HTTP stream minus its transport events", async () => {
    const request = userTurn("same-1", "design a bookshop", { language: "en" })

    host.model.script(scenario)
    const http = await (await startRun(host.baseUrl, request)).readAll()
    const runId = String(http[0]!.envelope.data["run_id"])

    host.model.script(scenario)
    const direct = await Effect.runPromise(
      GTPlanner.Planner.run({ session_id: "same-1", dialogue_history: [{ role: "user", content: "design a bookshop" }], language: "en" }).pipe(
        Stream.runCollect,
        Effect.map(Chunk.toReadonlyArray),
        Effect.provide(GTPlanner.layer({ llm: { baseUrl: host.model.url, apiKey: "sk-test", model: "scripted-model" }, tools })),
        Effect.provide(Logger.minimumLogLevel(LogLevel.Warning))
      )
    )
    const directRunId = /^(run_[0-9a-f]+)-m1$/.exec(String((direct.find((e) => e.event_type === "assistant_message_start")!.data as { message_id: string }).message_id))![1]!

    const overHttp = http.map((e) => e.envelope).filter((e) => !TRANSPORT.has(e.event_type))
    expect(direct.map((e) => e.event_type)).toEqual(overHttp.map((e) => e.event_type))
    expect(comparable(direct, directRunId)).toEqual(comparable(overHttp, runId))
    expect(direct.map((e) => e.event_type)).toContain("design_document_generated")
    expect(direct.at(-1)).toMatchObject({ event_type: "conversation_end", data: { success: true, new_messages_count: 6 } })
  })
})
