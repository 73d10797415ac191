/**
 * The events a run keeps for resume, oldest evicted first, bounded by count and bytes — kept as
 * UTF-8 bytes in a few large buffers, not as one JS string and object each, and deflated once a
 * buffer is full.
 *
 * Why bytes: a run may retain tens of thousands of events, each alive for seconds and then
 * dropped. As heap objects they are promoted to V8's old generation and die there, and under a
 * fast model that churn grew the old generation to several times the data (1.6 GiB peak in the
 * backpressure benchmark's drain). Bytes in buffers are not traced, not promoted, and leave with
 * their chunk. A replay (a resume) decodes them again — rare, and only the entries after the
 * cursor.
 *
 * Why deflated: consecutive envelopes repeat almost everything but their text (type, session,
 * message id, field names, most of the timestamp), so a full chunk deflates to a tenth or less.
 * With 50 runs each retaining 15 000–20 000 events that took the retention from about 190 to
 * about 10 MiB (backpressure benchmark), at no CPU cost measurable in the throughput benchmark
 * (level 1 runs at several hundred MB/s here, once per chunk); inflating happens only on a
 * replay. The bounds still count the events' UTF-8 bytes, as a client would receive them.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib"
import { LogEntry } from "./LogEntry.js"

/**
 * The first chunk of a run is small (most runs retain a few hundred events) and comes from Node's
 * shared buffer pool, so starting a run allocates no buffer of its own; later ones grow.
 */
const FIRST_CHUNK = 2 * 1024
const LARGEST_CHUNK = 64 * 1024
/** A full chunk is deflated from this size on; smaller ones (a run's first few) are not worth it. */
const DEFLATE_FROM = 16 * 1024
/** Lengths from this on are kept in a map: most entries are a few hundred bytes. */
const LONG = 0xffff
/**
 * When the run ends, whatever it still holds raw is deflated from this size on. Below it (a run
 * of a few events: one short reply, a refusal) the bytes stay raw, at their exact size: deflating
 * 2–4 KiB saved about 2 KiB a retained run and cost about 100 µs of the run's CPU in the server
 * (zlib's stream and state are set up afresh for every call).
 */
const DEFLATE_AT_END = 4 * 1024

/**
 * Event types by number, shared by every run: a type is numbered when first retained. The event
 * types are a closed union of a few dozen, so a byte holds the number.
 */
const KINDS: Array<LogEntry["type"]> = []
const KIND_NUMBERS = new Map<LogEntry["type"], number>()
const kindOf = (type: LogEntry["type"]): number => {
  let n = KIND_NUMBERS.get(type)
  if (n === undefined) {
    n = KINDS.push(type) - 1
    KIND_NUMBERS.set(type, n)
  }
  return n
}

interface Chunk {
  /** The id of the first entry written into it. */
  readonly firstId: number
  /** Raw bytes (the first `filled` of them in use), or the deflated `filled` bytes. */
  bytes: Buffer
  filled: number
  deflated: boolean
}

const deflate = (raw: Buffer): Buffer => {
  const packed = deflateRawSync(raw, { level: 1 })
  // zlib hands back a view of its 16 KiB output buffer: keep an exact-size copy instead.
  const exact = Buffer.allocUnsafeSlow(packed.length)
  packed.copy(exact)
  return exact
}

export class Retention {
  /** Chunks still holding a retained entry, oldest first; an entry lies in the last chunk whose `firstId` is not after its id. */
  private chunks: Array<Chunk> = []
  /** Where the oldest retained entry starts in `chunks[0]` (the entries before it were evicted). */
  private headOffset = 0
  /**
   * Per entry, from `head` to `end`: its type's number and its length in bytes; offsets follow
   * from the lengths. In typed arrays that is 3 bytes an entry (a length past 16 bits goes to
   * `longLengths`, by id). As four JS arrays (type, chunk, offset, length) it was about 40, with
   * the slack of growing — more than an entry's deflated bytes.
   */
  private kinds = new Uint8Array(64)
  private lengths = new Uint16Array(64)
  private readonly longLengths = new Map<number, number>()
  private head = 0
  private end = 0
  /** The id of the entry at `head`. */
  private firstId = 1
  private totalBytes = 0

  constructor(private readonly limits: { readonly maxEvents: number; readonly maxBytes: number }) {}

  get count(): number {
    return this.end - this.head
  }
  /** UTF-8 bytes of the retained events' JSON. */
  get bytes(): number {
    return this.totalBytes
  }
  /** The id of the oldest retained event (`nextId` when none is retained). */
  firstRetainedId(nextId: number): number {
    return this.count === 0 ? nextId : this.firstId
  }

  /** Memory the retained events take: the chunks (raw or deflated) and the per-entry arrays. */
  get storedBytes(): number {
    let n = this.kinds.byteLength + this.lengths.byteLength + 16 * this.longLengths.size
    for (const chunk of this.chunks) n += chunk.bytes.length
    return n
  }

  /** Keeps `entry` (whose id follows the last one kept) and evicts beyond the bounds. */
  push(entry: LogEntry): void {
    if (this.count === 0) this.firstId = entry.id
    const { json } = entry
    let chunk = this.chunks[this.chunks.length - 1]
    // Measuring the UTF-8 length first is needed only when the worst case (3 bytes per UTF-16
    // unit) might not fit.
    if (chunk === undefined || chunk.deflated || chunk.bytes.length - chunk.filled < json.length * 3) {
      const needed = Buffer.byteLength(json)
      if (chunk === undefined || chunk.deflated || chunk.bytes.length - chunk.filled < needed) {
        const size = Math.max(chunk === undefined ? FIRST_CHUNK : Math.min(chunk.bytes.length * 2, LARGEST_CHUNK), needed)
        chunk = this.nextChunk(entry.id, size)
      }
    }
    const length = chunk.bytes.write(json, chunk.filled, "utf8")
    chunk.filled += length
    if (this.end === this.kinds.length) this.makeRoom()
    this.kinds[this.end] = kindOf(entry.type)
    this.lengths[this.end] = Math.min(length, LONG)
    if (length >= LONG) this.longLengths.set(entry.id, length)
    this.end++
    this.totalBytes += length
    this.evict()
  }

  /**
   * The run has ended: nothing more is appended, so what is still raw need not stay so. Each
   * stretch of raw chunks (all of a short run's; a long run's first few small ones and its last)
   * is joined and deflated as one: one deflate a stretch rather than one a chunk (each about 100 µs
   * of a run's CPU in the server, most of it zlib's setup), and no half-empty buffer kept for the
   * retention time.
   */
  seal(): void {
    const sealed: Array<Chunk> = []
    let stretch: Array<Chunk> = []
    const join = () => {
      if (stretch.length > 0) sealed.push(this.joined(stretch))
      stretch = []
    }
    for (const chunk of this.chunks) {
      if (!chunk.deflated) stretch.push(chunk)
      else {
        join()
        sealed.push(chunk)
      }
    }
    join()
    // A stretch's first chunk's bytes come first in its joined one, so `headOffset` still points into it.
    this.chunks = sealed
  }

  /** Consecutive raw chunks as one: deflated from `DEFLATE_AT_END` on, else raw of the exact size. */
  private joined(raw: ReadonlyArray<Chunk>): Chunk {
    const first = raw[0]!
    const filled = raw.reduce((n, chunk) => n + chunk.filled, 0)
    const pieces = raw.map((chunk) => chunk.bytes.subarray(0, chunk.filled))
    if (filled >= DEFLATE_AT_END) {
      // `deflate` keeps an exact-size copy of its output: the input is read from where it lies
      // (a lone chunk) or from a passing concatenation.
      return { firstId: first.firstId, bytes: deflate(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, filled)), filled, deflated: true }
    }
    // Its own buffer: a slice of Node's shared pool would keep the whole pool buffer alive for as
    // long as the run is retained.
    const bytes = Buffer.allocUnsafeSlow(filled)
    let at = 0
    for (const piece of pieces) at += piece.copy(bytes, at)
    return { firstId: first.firstId, bytes, filled, deflated: false }
  }

  /** Seals the chunk being filled and starts one of `size` bytes, reusing the sealed one's buffer when it can. */
  private nextChunk(firstId: number, size: number): Chunk {
    const full = this.chunks[this.chunks.length - 1]
    let bytes: Buffer | undefined
    if (full !== undefined && !full.deflated && full.filled >= DEFLATE_FROM) {
      const raw = full.bytes
      this.deflateChunk(full)
      if (raw.length === size) bytes = raw
    }
    bytes ??= size <= FIRST_CHUNK ? Buffer.allocUnsafe(size) : Buffer.allocUnsafeSlow(size)
    const chunk: Chunk = { firstId, bytes, filled: 0, deflated: false }
    if (this.chunks.length === 0) this.headOffset = 0
    this.chunks.push(chunk)
    return chunk
  }

  private deflateChunk(chunk: Chunk): void {
    if (chunk.deflated) return
    chunk.bytes = deflate(chunk.bytes.subarray(0, chunk.filled))
    chunk.deflated = true
  }

  private evict() {
    const { maxEvents, maxBytes } = this.limits
    // Keep at least the newest entry whatever its size, so a listener can always catch up.
    while (this.count > 1 && (this.count > maxEvents || this.totalBytes > maxBytes)) {
      const length = this.lengthAt(this.head, this.firstId)
      if (length >= LONG) this.longLengths.delete(this.firstId)
      this.totalBytes -= length
      this.headOffset += length
      this.head++
      this.firstId++
      // The chunk before the oldest retained entry's goes with it.
      if (this.chunks.length > 1 && this.chunks[1]!.firstId <= this.firstId) {
        this.chunks.shift()
        this.headOffset = 0
      }
    }
  }

  /** The per-entry arrays are full: drop the evicted entries' places if they are many enough, else grow. */
  private makeRoom(): void {
    if (this.head >= this.kinds.length / 3) {
      this.kinds.copyWithin(0, this.head, this.end)
      this.lengths.copyWithin(0, this.head, this.end)
      this.end -= this.head
      this.head = 0
      return
    }
    const capacity = Math.ceil(this.kinds.length * 1.5)
    const kinds = new Uint8Array(capacity)
    kinds.set(this.kinds)
    const lengths = new Uint16Array(capacity)
    lengths.set(this.lengths)
    this.kinds = kinds
    this.lengths = lengths
  }

  private lengthAt(index: number, id: number): number {
    const length = this.lengths[index]!
    return length === LONG ? this.longLengths.get(id)! : length
  }

  /** The retained entries with ids from `from` on, decoded again. */
  since(from: number): Array<LogEntry> {
    const out: Array<LogEntry> = []
    let c = 0
    let offset = this.headOffset
    let inflatedChunk = -1
    let inflated = Buffer.alloc(0)
    for (let i = this.head, id = this.firstId; i < this.end; i++, id++) {
      if (c + 1 < this.chunks.length && this.chunks[c + 1]!.firstId === id) {
        c++
        offset = 0
      }
      const length = this.lengthAt(i, id)
      if (id >= from) {
        const chunk = this.chunks[c]!
        if (chunk.deflated && inflatedChunk !== c) {
          inflated = inflateRawSync(chunk.bytes)
          inflatedChunk = c
        }
        out.push(new LogEntry(id, KINDS[this.kinds[i]!]!, (chunk.deflated ? inflated : chunk.bytes).toString("utf8", offset, offset + length)))
      }
      offset += length
    }
    return out
  }
}
