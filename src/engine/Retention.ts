/**
 * The events a run keeps for resume, oldest evicted first, bounded by count and bytes — kept as
 * UTF-8 bytes in a few large buffers, not as one JS string and object each.
 *
 * Why: a run may retain tens of thousands of events, each alive for seconds and then dropped. As
 * heap objects they are promoted to V8's old generation and die there, and under a fast model
 * that churn grew the old generation to several times the data (1.6 GiB peak in the
 * backpressure benchmark's drain). Bytes in buffers that are reused per chunk are not traced,
 * not promoted, and leave with their chunk. A replay (a resume) decodes them again — rare, and
 * only the entries after the cursor.
 */
import { LogEntry } from "./LogEntry.js"

/**
 * The first chunk of a run is small (most runs retain a few hundred events) and comes from Node's
 * shared buffer pool, so starting a run allocates no buffer of its own; later ones grow.
 */
const FIRST_CHUNK = 2 * 1024
const LARGEST_CHUNK = 64 * 1024

export class Retention {
  /** Chunks still holding a retained entry; `chunks[0]` has the absolute number `chunkBase`. */
  private chunks: Array<Buffer> = []
  private chunkBase = 0
  /** Room left at the end of the newest chunk. */
  private used = 0
  /** Per retained entry, from `head` on: its type, absolute chunk number, offset and length. */
  private types: Array<LogEntry["type"]> = []
  private chunkOf: Array<number> = []
  private offsetOf: Array<number> = []
  private lengthOf: Array<number> = []
  private head = 0
  /** The id of the entry at `head`. */
  private firstId = 1
  private totalBytes = 0

  constructor(private readonly limits: { readonly maxEvents: number; readonly maxBytes: number }) {}

  get count(): number {
    return this.types.length - this.head
  }
  /** UTF-8 bytes of the retained events' JSON. */
  get bytes(): number {
    return this.totalBytes
  }
  /** The id of the oldest retained event (`nextId` when none is retained). */
  firstRetainedId(nextId: number): number {
    return this.count === 0 ? nextId : this.firstId
  }

  /** Keeps `entry` (whose id follows the last one kept) and evicts beyond the bounds. */
  push(entry: LogEntry): void {
    if (this.count === 0) this.firstId = entry.id
    const { json } = entry
    let chunk = this.chunks[this.chunks.length - 1]
    // Measuring the UTF-8 length first is needed only when the worst case (3 bytes per UTF-16
    // unit) might not fit.
    if (chunk === undefined || chunk.length - this.used < json.length * 3) {
      const needed = Buffer.byteLength(json)
      if (chunk === undefined || chunk.length - this.used < needed) {
        const size = Math.max(chunk === undefined ? FIRST_CHUNK : Math.min(chunk.length * 2, LARGEST_CHUNK), needed)
        chunk = size <= FIRST_CHUNK ? Buffer.allocUnsafe(size) : Buffer.allocUnsafeSlow(size)
        this.chunks.push(chunk)
        this.used = 0
      }
    }
    const length = chunk.write(json, this.used, "utf8")
    this.types.push(entry.type)
    this.chunkOf.push(this.chunkBase + this.chunks.length - 1)
    this.offsetOf.push(this.used)
    this.lengthOf.push(length)
    this.used += length
    this.totalBytes += length
    this.evict()
  }

  private evict() {
    const { maxEvents, maxBytes } = this.limits
    // Keep at least the newest entry whatever its size, so a listener can always catch up.
    while (this.count > 1 && (this.count > maxEvents || this.totalBytes > maxBytes)) {
      this.totalBytes -= this.lengthOf[this.head]!
      this.head++
      this.firstId++
    }
    // Chunks before the oldest retained entry's go with it.
    const keepFrom = this.chunkOf[this.head]! - this.chunkBase
    if (keepFrom > 0) {
      this.chunks.splice(0, keepFrom)
      this.chunkBase += keepFrom
    }
    // Compact the per-entry arrays now and then instead of shifting on every eviction.
    if (this.head > 1024 && this.head * 2 > this.types.length) {
      for (const column of [this.types, this.chunkOf, this.offsetOf, this.lengthOf]) column.splice(0, this.head)
      this.head = 0
    }
  }

  /** The retained entries with ids from `from` on, decoded again. */
  since(from: number): Array<LogEntry> {
    const out: Array<LogEntry> = []
    for (let i = this.head + Math.max(0, from - this.firstId); i < this.types.length; i++) {
      const chunk = this.chunks[this.chunkOf[i]! - this.chunkBase]!
      const offset = this.offsetOf[i]!
      out.push(new LogEntry(this.firstId + (i - this.head), this.types[i]!, chunk.toString("utf8", offset, offset + this.lengthOf[i]!)))
    }
    return out
  }
}
