import { describe, expect, it } from "vitest"
import { LogEntry } from "../../src/engine/LogEntry.js"
import { Retention } from "../../src/engine/Retention.js"

const entry = (id: number, text: string) => new LogEntry(id, "assistant_message_chunk", JSON.stringify({ id, text }))

describe("Retention", () => {
  it("gives back exactly what it kept — multi-byte text, entries larger than any chunk — across many chunks", () => {
    const retention = new Retention({ maxEvents: 100_000, maxBytes: 1 << 30 })
    const texts = Array.from({ length: 3000 }, (_, i) => (i % 500 === 7 ? "大".repeat(200_000) : `token ${i} — ✓ é 🙂 `.repeat(1 + (i % 5))))
    texts.forEach((text, i) => retention.push(entry(i + 1, text)))
    const back = retention.since(1)
    expect(back).toHaveLength(3000)
    back.forEach((e, i) => {
      expect(e.id).toBe(i + 1)
      expect(e.type).toBe("assistant_message_chunk")
      expect(JSON.parse(e.json)).toEqual({ id: i + 1, text: texts[i] })
    })
    expect(retention.since(2990).map((e) => e.id)).toEqual([2990, 2991, 2992, 2993, 2994, 2995, 2996, 2997, 2998, 2999, 3000])
  })

  it("counts UTF-8 bytes against the byte bound and evicts the oldest first, keeping at least the newest", () => {
    // Ids of two digits, so every entry has the same size: 3 bytes per ✓, not 1 per character.
    const one = Buffer.byteLength(entry(10, "✓✓✓✓").json)
    expect(one).toBe(entry(10, "✓✓✓✓").json.length + 8)
    const retention = new Retention({ maxEvents: 1000, maxBytes: one * 3 })
    for (let id = 10; id <= 19; id++) retention.push(entry(id, "✓✓✓✓"))
    expect(retention.count).toBe(3)
    expect(retention.bytes).toBe(one * 3)
    expect(retention.firstRetainedId(20)).toBe(17)
    expect(retention.since(1).map((e) => e.id)).toEqual([17, 18, 19])
    retention.push(entry(20, "x".repeat(one * 10)))
    expect(retention.since(1).map((e) => e.id)).toEqual([20])
  })

  it("evicts by count over a long run and still replays the newest correctly", () => {
    const retention = new Retention({ maxEvents: 50, maxBytes: 1 << 30 })
    for (let id = 1; id <= 20_000; id++) retention.push(entry(id, `t${id}`))
    expect(retention.count).toBe(50)
    expect(retention.firstRetainedId(20_001)).toBe(19_951)
    const back = retention.since(19_990)
    expect(back.map((e) => JSON.parse(e.json).text)).toEqual(Array.from({ length: 11 }, (_, i) => `t${19_990 + i}`))
  })

  it("keeps full chunks of envelopes deflated, replays them byte for byte, and deflates the rest when the run ends", () => {
    const words = ["plan", " the", " data", " model", ",", " then", " the", " API", " — ", "ok", "\n", " 设计", " 🙂"]
    const envelope = (id: number) =>
      new LogEntry(
        id,
        "assistant_message_chunk",
        JSON.stringify({
          event_type: "assistant_message_chunk",
          timestamp: new Date(1_800_000_000_000 + id * 7).toISOString(),
          session_id: "session-7f3a",
          data: { content: words[(id * 7) % words.length], is_complete: false, chunk_index: id - 1, total_chunks: null, message_id: "run_4c1d9e0b2a7f5e63-m1" },
          metadata: {}
        })
      )
    const entries = Array.from({ length: 5000 }, (_, i) => envelope(i + 1))
    const retention = new Retention({ maxEvents: 100_000, maxBytes: 1 << 30 })
    for (const e of entries) retention.push(e)
    // The bound is in the events' own bytes; what they take in memory is far less.
    expect(retention.bytes).toBe(entries.reduce((n, e) => n + Buffer.byteLength(e.json), 0))
    const whileRunning = retention.storedBytes
    expect(whileRunning).toBeLessThan(retention.bytes / 3)
    for (const from of [1, 777, 4321, 5000]) expect(retention.since(from).map((e) => e.json)).toEqual(entries.slice(from - 1).map((e) => e.json))
    retention.seal()
    expect(retention.storedBytes).toBeLessThan(whileRunning)
    expect(retention.since(1).map((e) => [e.id, e.type, e.json])).toEqual(entries.map((e) => [e.id, e.type, e.json]))
  })

  it("joins each stretch of raw chunks into one when the run ends, and replays from any cursor after", () => {
    const event = (id: number) =>
      new LogEntry(id, "assistant_message_chunk", JSON.stringify({ event_type: "assistant_message_chunk", data: { content: `token ${id} `.repeat(1 + (id % 5)) } }))
    // Short runs (raw chunks only) and long ones (deflated chunks between raw ones), some evicting.
    for (const [count, maxEvents] of [[3, 100], [40, 100], [40, 25], [600, 1000], [600, 170]] as const) {
      const entries = Array.from({ length: count }, (_, i) => event(i + 1))
      const retention = new Retention({ maxEvents, maxBytes: 1 << 20 })
      for (const e of entries) retention.push(e)
      const kept = entries.slice(-maxEvents)
      const raw = retention.storedBytes
      retention.seal()
      // Never more than before: no half-empty buffer stays, and the joined bytes deflate.
      expect(retention.storedBytes).toBeLessThan(raw)
      for (const from of [1, kept[0]!.id, Math.ceil(count / 2), count, count + 1]) {
        expect(retention.since(from).map((e) => [e.id, e.json])).toEqual(kept.filter((e) => e.id >= from).map((e) => [e.id, e.json]))
      }
    }
  })

  it("reports the next id as the first retained one while empty", () => {
    const retention = new Retention({ maxEvents: 10, maxBytes: 100 })
    expect(retention.count).toBe(0)
    expect(retention.firstRetainedId(1)).toBe(1)
    expect(retention.since(1)).toEqual([])
  })
})
