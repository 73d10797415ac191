import { describe, expect, it } from "vitest"
import OpenAI from "openai"
import { ChunkReader } from "../../src/llm/ChunkReader.js"

const encoder = new TextEncoder()

/** A body that delivers exactly these byte pieces, one per read. */
const body = (...pieces: ReadonlyArray<string | Uint8Array>) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(typeof piece === "string" ? encoder.encode(piece) : piece)
      controller.close()
    }
  })

const chunk = (content: string) => `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`
const contents = (batch: ReadonlyArray<OpenAI.Chat.Completions.ChatCompletionChunk>) => batch.map((c) => c.choices[0]?.delta.content)

describe("ChunkReader", () => {
  it("gives every chunk of one read together, and an empty batch at the end", async () => {
    const reader = new ChunkReader(body(chunk("a") + chunk("b") + chunk("c"), chunk("d"), "data: [DONE]\n\n"), new Headers())
    expect(contents(await reader.next())).toEqual(["a", "b", "c"])
    expect(contents(await reader.next())).toEqual(["d"])
    expect(await reader.next()).toEqual([])
    expect(reader.ended).toBe(true)
  })

  it("joins an event split across reads, a multi-byte character included, and CRLF lines", async () => {
    const whole = encoder.encode(chunk("héllo ✓").replaceAll("\n", "\r\n"))
    const cut = whole.indexOf(0x9c) // inside the three bytes of ✓
    const reader = new ChunkReader(body(whole.slice(0, 10), whole.slice(10, cut), whole.slice(cut)), new Headers())
    expect(contents(await reader.next())).toEqual(["héllo ✓"])
  })

  it("skips comments and ignores whatever follows [DONE]", async () => {
    const reader = new ChunkReader(body(": keep-alive\n\n", chunk("x"), "data: [DONE]\n\n" + chunk("late")), new Headers())
    expect(contents(await reader.next())).toEqual(["x"])
    expect(await reader.next()).toEqual([])
  })

  it("rejects a chunk that is not JSON with a SyntaxError, and one carrying an error as an APIError", async () => {
    await expect(new ChunkReader(body(chunk("ok") + "data: {not json\n\n"), new Headers()).next()).rejects.toBeInstanceOf(SyntaxError)
    const failing = new ChunkReader(body(`data: ${JSON.stringify({ error: { message: "overloaded", type: "server_error" } })}\n\n`), new Headers())
    const error = await failing.next().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.APIError)
    expect((error as Error).message).toContain("overloaded")
  })

  it("ends a pending read when cancelled", async () => {
    const never = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) })
    const reader = new ChunkReader(never, new Headers())
    const pending = reader.next()
    reader.cancel()
    expect(await pending).toEqual([])
  })
})
