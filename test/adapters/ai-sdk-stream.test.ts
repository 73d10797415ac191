/**
 * The AI SDK translation as the pure function it is: native runs written by hand, every part
 * checked against the SDK's own chunk schema, and the message assembled by the SDK's own
 * `readUIMessageStream` — including endings the engine produces only under failure or cancel.
 */
import { readUIMessageStream, type UIMessage, type UIMessageChunk, uiMessageChunkSchema } from "ai"
import { describe, expect, it } from "vitest"
import type { RunEvent } from "../../src/domain/Events.js"
import { uiMessageDialect } from "../../src/http/aisdk/UiMessageStream.js"
import type { UiMessageChunk } from "../../src/http/aisdk/UiMessageChunk.js"
import { translateAll } from "../../src/http/DialectStream.js"
import { connection, custom, document, ending, envelopes, error, text, textEnd, toolEnd, toolProgress, toolStart } from "./native-run.js"

/** Every part this server sends is a part of the SDK's own type (checked by the compiler). */
const asSdkChunk = (chunk: UiMessageChunk): UIMessageChunk => chunk

const translate = (events: ReadonlyArray<RunEvent>) => translateAll(uiMessageDialect({ sessionId: "s1", runId: "run_1" }), envelopes(events)).map(asSdkChunk)

/** Validates every part as the SDK's transport does, then assembles the message as `useChat` would. */
const assemble = async (chunks: ReadonlyArray<UIMessageChunk>) => {
  const schema = uiMessageChunkSchema()
  for (const chunk of chunks) {
    const result = await schema.validate!(chunk)
    if (!result.success) throw new Error(`${JSON.stringify(chunk)}: ${String(result.error)}`)
  }
  // Every error the reader meets is collected: an `error` part, and any part it could not place.
  const errors: Array<string> = []
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk)
      controller.close()
    }
  })
  let message: UIMessage | undefined
  for await (const m of readUIMessageStream({ stream, onError: (e) => errors.push(String((e as Error).message)) })) message = m
  return { message: message!, errors }
}

const echo = { text: "hi" }

describe("the AI SDK translation", () => {
  it("reads a tool-using turn as one assistant message: steps, text, tool parts with outputs, data parts, metadata", async () => {
    const chunks = translate([
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
      ...ending("completed", { short_planning: "plan" })
    ])
    expect(chunks.map((c) => c.type)).toEqual([
      "start",
      "start-step",
      "text-start",
      "text-delta",
      "text-delta",
      "text-end",
      "tool-input-start",
      "tool-input-available",
      "tool-output-available",
      "tool-output-available",
      "data-design-document",
      "data-inventory.checked",
      "finish-step",
      "start-step",
      "text-start",
      "text-delta",
      "text-end",
      "finish-step",
      "finish"
    ])
    expect(chunks[8]).toEqual({ type: "tool-output-available", toolCallId: "c1", output: { status: "running", message: "echoing", step: 1, total: 1 }, preliminary: true })
    const { message, errors } = await assemble(chunks)
    expect(errors).toEqual([])
    expect(message.id).toBe("run_1")
    expect(message.metadata).toEqual({
      session_id: "s1",
      run_id: "run_1",
      status: "completed",
      tool_execution_results_updates: { short_planning: "plan" },
      execution_time: 1.5,
      error: null
    })
    expect(message.parts).toEqual([
      { type: "step-start" },
      { type: "text", text: "Let me echo.", state: "done" },
      { type: "tool-echo", toolCallId: "c1", state: "output-available", input: echo, output: { echoed: "hi" } },
      { type: "data-design-document", id: "design.md", data: { filename: "design.md", content: "# Design", format: "markdown", tool_call_id: "c1" } },
      { type: "data-inventory.checked", data: { sku: "A-1" } },
      { type: "step-start" },
      { type: "text", text: "Done.", state: "done" }
    ])
  })

  it("tells a failing model with an error part, then closes the message and finishes with reason error", async () => {
    const chunks = translate([connection(), ...text("m1", "Half a sen"), error("The model stopped answering.", "llm_disconnected"), ...ending("failed")])
    expect(chunks.slice(-4).map((c) => c.type)).toEqual(["error", "text-end", "finish-step", "finish"])
    expect(chunks.at(-1)).toMatchObject({ finishReason: "error", messageMetadata: { status: "failed" } })
    const { message, errors } = await assemble(chunks)
    expect(errors).toEqual(["The model stopped answering."])
    expect(message.parts).toContainEqual({ type: "text", text: "Half a sen", state: "done" })
  })

  it("ends a cancelled run with the tool's error, an abort part and a finish", async () => {
    const chunks = translate([
      connection(),
      ...text("m1"),
      textEnd("m1", "", [{ id: "c1", name: "slow", args: {} }]),
      toolStart("c1", "slow", {}),
      toolEnd("c1", "slow", {}, { error: "Cancelled." }),
      ...ending("cancelled")
    ])
    expect(chunks.slice(-3)).toEqual([
      { type: "finish-step" },
      { type: "abort", reason: "The run was cancelled." },
      expect.objectContaining({ type: "finish", finishReason: "other", messageMetadata: expect.objectContaining({ status: "cancelled" }) })
    ])
    const { message } = await assemble(chunks)
    expect(message.parts).toEqual([{ type: "step-start" }, { type: "tool-slow", toolCallId: "c1", state: "output-error", input: {}, errorText: "Cancelled." }])
  })

  it("makes a replay that begins past evicted events readable: parts it never saw opening are opened", async () => {
    const chunks = translate([
      ...text("m1", "tail of a text").slice(1),
      toolProgress("c1", "echo", echo, "echoing"),
      toolEnd("c1", "echo", echo, { result: "ok" }),
      ...ending("completed")
    ])
    const { message, errors } = await assemble(chunks)
    expect(errors).toEqual([])
    expect(message.parts).toEqual([
      { type: "step-start" },
      { type: "text", text: "tail of a text", state: "done" },
      { type: "tool-echo", toolCallId: "c1", state: "output-available", input: echo, output: "ok" }
    ])
  })

  it("is checked by a reader that does report a part it cannot place", async () => {
    const { errors } = await assemble([{ type: "start" }, { type: "text-delta", id: "nowhere", delta: "x" }])
    expect(errors).toEqual([expect.stringContaining("missing text part")])
  })
})
