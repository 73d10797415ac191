import { describe, expect, it } from "vitest"
import { Readable } from "node:stream"
import OpenAI from "openai"
import { ChunkReader } from "../../src/llm/ChunkReader.js"

const encoder = new TextEncoder()

/** A body that delivers exactly these byte pieces, each on its own turn of the event loop, like network reads. */
const body = (...pieces: ReadonlyArray<string | Uint8Array>) => {
  const left = pieces.map((piece) => (typeof piece === "string" ? encoder.encode(piece) : piece))
  return new Readable({
    read() {
      setImmediate(() => this.push(left.length > 0 ? Buffer.from(left.shift()!) : null))
    }
  })
}

const chunk = (content: string) => `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`
/** The next batch, awaited the way the model's pump waits for it: `poll`, and on nothing yet, `onMore`. */
const next = (reader: ChunkReader): Promise<ReadonlyArray<OpenAI.Chat.Completions.ChatCompletionChunk>> =>
  new Promise((resolve, reject) => {
    const attempt = () => {
      try {
        const batch = reader.poll()
        if (batch === undefined) reader.onMore(attempt)
        else resolve(batch)
      } catch (error) {
        reject(error)
      }
    }
    attempt()
  })
const contents = (batch: ReadonlyArray<OpenAI.Chat.Completions.ChatCompletionChunk>) => batch.map((c) => c.choices[0]?.delta.content)

describe("ChunkReader", () => {
  it("gives every chunk of one read together, and an empty batch at the end", async () => {
    const reader = new ChunkReader(body(chunk("a") + chunk("b") + chunk("c"), chunk("d"), "data: [DONE]\n\n"), new Headers())
    expect(contents(await next(reader))).toEqual(["a", "b", "c"])
    expect(contents(await next(reader))).toEqual(["d"])
    expect(await next(reader)).toEqual([])
    expect(reader.ended).toBe(true)
  })

  it("joins an event split across reads, a multi-byte character included, and CRLF lines", async () => {
    const whole = encoder.encode(chunk("héllo ✓").replaceAll("\n", "\r\n"))
    const cut = whole.indexOf(0x9c) // inside the three bytes of ✓
    const reader = new ChunkReader(body(whole.slice(0, 10), whole.slice(10, cut), whole.slice(cut)), new Headers())
    expect(contents(await next(reader))).toEqual(["héllo ✓"])
  })

  it("skips comments and ignores whatever follows [DONE]", async () => {
    const reader = new ChunkReader(body(": keep-alive\n\n", chunk("x"), "data: [DONE]\n\n" + chunk("late")), new Headers())
    expect(contents(await next(reader))).toEqual(["x"])
    expect(await next(reader)).toEqual([])
  })

  it("rejects a chunk that is not JSON with a SyntaxError, and one carrying an error as an APIError", async () => {
    await expect(next(new ChunkReader(body(chunk("ok") + "data: {not json\n\n"), new Headers()))).rejects.toBeInstanceOf(SyntaxError)
    const replyHeaders = new Headers({ "retry-after": "7", "x-request-id": "req_1", "content-type": "text/event-stream" })
    const failing = new ChunkReader(body(`data: ${JSON.stringify({ error: { message: "overloaded", type: "server_error" } })}\n\n`), replyHeaders)
    const error = await next(failing).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.APIError)
    expect((error as Error).message).toContain("overloaded")
    // The retry hint and the request id reach the error; the reader keeps no other header.
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get("retry-after")).toBe("7")
    expect((error as InstanceType<typeof OpenAI.APIError>).requestID).toBe("req_1")
  })

  it("ends a pending read when cancelled", async () => {
    const never = new Readable({ read() {} })
    const reader = new ChunkReader(never, new Headers())
    const pending = next(reader)
    reader.cancel()
    expect(await pending).toEqual([])
  })
})

describe("ChunkReader over a Node stream", () => {
  it("rejects when the connection closes before the reply ends", async () => {
    const source = new Readable({ read() {} })
    const reader = new ChunkReader(source, new Headers())
    source.push(Buffer.from(chunk("a")))
    expect(contents(await next(reader))).toEqual(["a"])
    const pending = next(reader)
    source.destroy()
    await expect(pending).rejects.toThrow(/closed mid-reply/)
  })

  it("reads only as fast as it is asked: a body that never ends is not drained into memory", async () => {
    let reads = 0
    const endless = new Readable({
      read() {
        reads++
        this.push(Buffer.from(chunk(`t${reads}`)))
      }
    })
    const reader = new ChunkReader(endless, new Headers())
    expect((await next(reader)).length).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const afterWait = reads
    // Nobody asked for more: the stream filled its buffer once (16 KiB of ~150-byte chunks) and stopped.
    expect(afterWait).toBeLessThan(300)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(reads).toBe(afterWait)
    reader.cancel()
  })
})
