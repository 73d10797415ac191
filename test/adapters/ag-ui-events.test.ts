/**
 * The AG-UI translation as the pure function it is: native runs written by hand, every output
 * event parsed by `@ag-ui/core`'s own schemas and the sequence checked by `@ag-ui/client`'s own
 * grammar verifier — including endings the engine produces only under failure or cancel.
 */
import { type BaseEvent, verifyEvents } from "@ag-ui/client"
import { type AGUIEvent, EventType } from "@ag-ui/core"
import { EventSchemas } from "@ag-ui/core/schemas"
import { from, lastValueFrom, toArray } from "rxjs"
import { describe, expect, it } from "vitest"
import type { RunEvent } from "../../src/domain/Events.js"
import { agUiDialect } from "../../src/http/agui/AgUiEvents.js"
import { translateAll } from "../../src/http/DialectStream.js"
import { connection, custom, document, ending, envelopes, error, text, textEnd, toolEnd, toolProgress, toolStart } from "./native-run.js"

const run = { threadId: "thread-1", runId: "client-run-1", state: { short_planning: "old plan", documents: [{ filename: "a.md", format: "markdown", content: "A" }] } }

const translate = (events: ReadonlyArray<RunEvent>) => translateAll(agUiDialect(run), envelopes(events))

/** What the stock client does with a stream: parse each event, then verify the grammar. */
const verified = (events: ReadonlyArray<AGUIEvent>) => {
  for (const event of events) EventSchemas.parse(event)
  return lastValueFrom(from(events as Array<BaseEvent>).pipe(verifyEvents(), toArray()))
}

const echo = { text: "hi" }

describe("the AG-UI translation", () => {
  it("reads a tool-using turn as the AG-UI sequence, with tool calls attached to their message", async () => {
    const events = translate([
      connection(),
      ...text("m1", "Let me ", "echo."),
      textEnd("m1", "Let me echo.", [{ id: "c1", name: "echo", args: echo }]),
      toolStart("c1", "echo", echo),
      toolProgress("c1", "echo", echo, "echoing", { step: 1, total: 1 }),
      toolEnd("c1", "echo", echo, { result: { echoed: "hi" } }),
      document("c1", "design.md", "# Design"),
      custom("inventory.checked", { sku: "A-1" }),
      ...text("m2", "Done."),
      textEnd("m2", "Done."),
      ...ending("completed", { short_planning: "new plan", documents: [{ filename: "design.md", format: "markdown", content: "# Design" }] }, { model: "m", usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } })
    ])
    await expect(verified(events)).resolves.toHaveLength(events.length)
    expect(events.map((e) => e.type)).toEqual([
      "RUN_STARTED",
      "TEXT_MESSAGE_START",
      "TEXT_MESSAGE_CONTENT",
      "TEXT_MESSAGE_CONTENT",
      "TEXT_MESSAGE_END",
      "TOOL_CALL_START",
      "TOOL_CALL_ARGS",
      "TOOL_CALL_END",
      "ACTIVITY_SNAPSHOT",
      "ACTIVITY_SNAPSHOT",
      "TOOL_CALL_RESULT",
      "CUSTOM",
      "CUSTOM",
      "TEXT_MESSAGE_START",
      "TEXT_MESSAGE_CONTENT",
      "TEXT_MESSAGE_END",
      "STATE_SNAPSHOT",
      "RUN_FINISHED"
    ])
    const byType = (type: EventType) => events.filter((e) => e.type === type)
    expect(events[0]).toEqual({ type: "RUN_STARTED", timestamp: Date.UTC(2026, 0, 1), threadId: "thread-1", runId: "client-run-1" })
    expect(byType(EventType.TOOL_CALL_START)[0]).toMatchObject({ toolCallId: "c1", toolCallName: "echo", parentMessageId: "m1" })
    expect(byType(EventType.TOOL_CALL_ARGS)[0]).toMatchObject({ delta: '{"text":"hi"}' })
    expect(byType(EventType.TOOL_CALL_RESULT)[0]).toMatchObject({ messageId: "c1-result", toolCallId: "c1", role: "tool", content: '{"echoed":"hi"}' })
    expect(byType(EventType.ACTIVITY_SNAPSHOT).map((e) => ("content" in e ? e.content : null))).toEqual([
      { tool_name: "echo", tool_call_id: "c1", status: "running", message: "echoing", step: 1, total: 1 },
      { tool_name: "echo", tool_call_id: "c1", status: "completed", message: "echo done" }
    ])
    expect(byType(EventType.CUSTOM)).toMatchObject([
      { name: "design_document", value: { filename: "design.md", content: "# Design", format: "markdown", tool_call_id: "c1" } },
      { name: "inventory.checked", value: { sku: "A-1" } }
    ])
    // The new state is the client's state with the turn's updates merged the planner's way.
    expect(byType(EventType.STATE_SNAPSHOT)[0]).toMatchObject({
      snapshot: {
        short_planning: "new plan",
        documents: [
          { filename: "a.md", format: "markdown", content: "A" },
          { filename: "design.md", format: "markdown", content: "# Design" }
        ]
      }
    })
    expect(events.at(-1)).toMatchObject({
      type: "RUN_FINISHED",
      threadId: "thread-1",
      runId: "client-run-1",
      result: { status: "completed", success: true, tool_execution_results_updates: { short_planning: "new plan" } },
      usage: [{ model: "m", inputTokens: 10, outputTokens: 5, totalTokens: 15 }]
    })
  })

  it("opens no text message for a reply that only calls tools; the call creates its assistant message", async () => {
    const events = translate([
      connection(),
      ...text("m1"),
      textEnd("m1", "", [{ id: "c1", name: "echo", args: echo }]),
      toolStart("c1", "echo", echo),
      toolEnd("c1", "echo", echo, { result: "plain text result" }),
      ...ending("completed")
    ])
    await verified(events)
    expect(events.map((e) => e.type)).toEqual(["RUN_STARTED", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "TOOL_CALL_RESULT", "RUN_FINISHED"])
    expect(events[4]).toMatchObject({ content: "plain text result" })
  })

  it("ends a failed run with RUN_ERROR carrying the error, after closing a message left open, and sends nothing after it", async () => {
    const events = translate([connection(), ...text("m1", "Half a sen"), error("The model stopped answering.", "llm_disconnected"), ...ending("failed")])
    await verified(events)
    expect(events.map((e) => e.type)).toEqual(["RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_ERROR"])
    expect(events.at(-1)).toMatchObject({ message: "The model stopped answering.", code: "llm_disconnected" })
  })

  it("ends a cancelled run with RUN_FINISHED whose outcome is cancelled, its tool call answered", async () => {
    const events = translate([
      connection(),
      ...text("m1", "Working."),
      textEnd("m1", "Working.", [{ id: "c1", name: "slow", args: {} }]),
      toolStart("c1", "slow", {}),
      toolEnd("c1", "slow", {}, { error: "Cancelled." }),
      ...ending("cancelled")
    ])
    await verified(events)
    expect(events.at(-2)).toMatchObject({ type: "TOOL_CALL_RESULT", content: JSON.stringify({ error: "Cancelled." }) })
    expect(events.at(-1)).toMatchObject({ type: "RUN_FINISHED", outcome: { type: "cancelled" }, result: { status: "cancelled", success: false } })
    expect(events.some((e) => e.type === EventType.STATE_SNAPSHOT)).toBe(false)
  })

  it("starts with RUN_STARTED even when the log it reads begins later", async () => {
    const events = translate([...text("m9", "tail"), textEnd("m9", "tail"), ...ending("completed")])
    await verified(events)
    expect(events[0]).toMatchObject({ type: "RUN_STARTED" })
  })

  it("is checked by a verifier that does reject a broken grammar", async () => {
    const broken: Array<AGUIEvent> = [
      { type: EventType.RUN_STARTED, threadId: "t", runId: "r" },
      { type: EventType.TEXT_MESSAGE_START, messageId: "m", role: "assistant" },
      { type: EventType.RUN_FINISHED, threadId: "t", runId: "r" }
    ]
    await expect(verified(broken)).rejects.toThrow(/text messages are still active/)
  })
})
