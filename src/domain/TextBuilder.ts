/**
 * A text built from many small chunks: a streamed reply, token by token.
 *
 * Why not `text += chunk`: V8 keeps every `+=` as a rope node (32 bytes) over the chunk, which
 * stays a heap string of its own (about 40 bytes for a token of 20 characters). A reply kept as
 * a rope costs about five times its text, all of it traced by the GC and promoted with the run;
 * with 50 long replies held back by slow clients that was 60 MiB. Here the chunks wait in a short
 * array and are joined into one flat string (1 byte per character for ASCII) every `PIECE`
 * chunks, so a reply is a short rope of large pieces.
 */
const PIECE = 64

export class TextBuilder {
  private text = ""
  private readonly pending: Array<string> = []

  append(chunk: string): void {
    if (chunk === "") return
    this.pending.push(chunk)
    if (this.pending.length === PIECE) this.seal()
  }

  toString(): string {
    this.seal()
    return this.text
  }

  private seal(): void {
    if (this.pending.length === 0) return
    this.text += this.pending.join("")
    this.pending.length = 0
  }
}
