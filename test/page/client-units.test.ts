/**
 * The page's pure parts, without a browser: SSE framing across awkward network chunks
 * (upstream defect 14), the multi-turn state merge, the backoff, and the five dictionaries.
 */
import { describe, expect, it } from "vitest"
import { dictionaries } from "../../static-src/i18n.js"
import { backoffMs } from "../../static-src/run-stream.js"
import { completeTurn, emptySession, mergeToolResults } from "../../static-src/session.js"
import { readEventStream } from "../../static-src/sse.js"
import type { DataOf, Received } from "../../static-src/wire.js"

/** A body that delivers `bytes` in the given chunk sizes, as a network might. */
const bodyOf = (bytes: Uint8Array, sizes: ReadonlyArray<number>) => {
  const chunks: Array<Uint8Array> = []
  let at = 0
  for (const size of sizes) {
    chunks.push(bytes.subarray(at, at + size))
    at += size
  }
  if (at < bytes.length) chunks.push(bytes.subarray(at))
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk)
      controller.close()
    }
  })
}

const envelope = (event_type: string, data: unknown) => ({ event_type, timestamp: "2026-01-01T00:00:00.000Z", session_id: "s", data, metadata: {} })

const read = async (body: ReadableStream<Uint8Array>) => {
  const received: Array<Received> = []
  let retry: number | undefined
  await readEventStream(body, { onEvent: (r) => received.push(r), onRetry: (ms) => (retry = ms) })
  return { received, retry }
}

describe("readEventStream", () => {
  const chunk = envelope("assistant_message_chunk", { content: "规划 🚀 café", message_id: "m" })
  const wire =
    "retry: 3000\n: stream open\n\n" +
    `id: 1\nevent: assistant_message_chunk\ndata: ${JSON.stringify(chunk)}\n\n` +
    `event: heartbeat\ndata: ${JSON.stringify(envelope("heartbeat", { event_count: 1 }))}\n\n` +
    // A multi-line data field is one event whose lines join with "\n".
    `id: 2\nevent: close\ndata: {"event_type":"close",\ndata: "data":{}}\n\n`
  const bytes = new TextEncoder().encode(wire)

  it("parses every event whole however the bytes are split, multi-byte characters included", async () => {
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const sizes = Array.from({ length: Math.ceil(bytes.length / size) }, () => size)
      const { received, retry } = await read(bodyOf(bytes, sizes))
      expect(retry).toBe(3000)
      expect(received.map((r) => [r.id, r.event.event_type])).toEqual([
        [1, "assistant_message_chunk"],
        [null, "heartbeat"],
        [2, "close"]
      ])
      expect(received[0]!.event.data).toEqual(chunk.data)
    }
  })

  it("drops an event the stream ended in the middle of", async () => {
    const cut = new TextEncoder().encode(`id: 1\nevent: conversation_start\ndata: ${JSON.stringify(envelope("conversation_start", {}))}\n\nid: 2\nevent: close\ndata: {"event_ty`)
    const { received } = await read(bodyOf(cut, [10]))
    expect(received.map((r) => r.id)).toEqual([1])
  })
})

describe("multi-turn state", () => {
  it("merges updates: documents accumulate by filename, other keys are replaced", () => {
    const base = { short_planning: "v1", documents: [{ filename: "a.md", content: "A1" }, { filename: "b.md", content: "B1" }] }
    const merged = mergeToolResults(base, { short_planning: "v2", documents: [{ filename: "a.md", content: "A2" }, { filename: "c.md", content: "C" }] })
    expect(merged).toEqual({
      short_planning: "v2",
      documents: [
        { filename: "b.md", content: "B1" },
        { filename: "a.md", content: "A2" },
        { filename: "c.md", content: "C" }
      ]
    })
  })

  const result = (new_messages: DataOf<"complete">["result"]["new_messages"]): DataOf<"complete">["result"] => ({
    success: true,
    session_id: "s",
    execution_time: 1,
    new_messages,
    tool_execution_results_updates: { plan: "p" },
    metadata: {},
    error: null
  })

  it("adds the user's message with the turn's new messages, and nothing for a turn that added none", () => {
    const user = { role: "user" as const, content: "hi" }
    const pending = { ...emptySession(), pending: { userMessage: user, runId: "r" } }
    const done = completeTurn(pending, result([{ role: "assistant", content: "hello" }]))
    expect(done.history).toEqual([user, { role: "assistant", content: "hello" }])
    expect(done.toolResults).toEqual({ plan: "p" })
    expect(done.pending).toBeNull()
    expect(completeTurn(pending, result([])).history).toEqual([])
  })
})

describe("resume backoff", () => {
  it("doubles from 250 ms and never exceeds the server's retry advice", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, 3000))).toEqual([250, 500, 1000, 2000, 3000, 3000])
  })
})

describe("the page's words", () => {
  it("are complete and filled in every language, with the same placeholders", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort()
    for (const [language, words] of Object.entries(dictionaries)) {
      expect(Object.keys(words), language).toEqual(Object.keys(dictionaries.en))
      for (const [key, text] of Object.entries(words)) {
        expect(text.trim(), `${language}.${key}`).not.toBe("")
        expect(placeholders(text), `${language}.${key}`).toEqual(placeholders(dictionaries.en[key as keyof typeof words]))
      }
    }
  })

  it("are translated, not copied from English", () => {
    for (const language of ["zh", "ja", "es", "fr"] as const) {
      const same = Object.entries(dictionaries[language]).filter(([key, text]) => text === dictionaries.en[key as keyof typeof dictionaries.en])
      // A few words are the same in French or Spanish ("Session", "Messages", "Arguments").
      expect(same.length, `${language}: ${same.map(([k]) => k).join(", ")}`).toBeLessThanOrEqual(6)
    }
  })
})
