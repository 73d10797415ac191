/**
 * Some OpenAI-compatible models write tool calls into their text as
 * `<tool_call>{"name": …, "arguments": …}</tool_call>`. This filter removes such blocks from the
 * visible text as it streams — also when a tag is split across chunks — and hands them back as
 * tool calls.
 */

export interface TextToolCall {
  readonly name: string
  /** JSON text of the arguments (possibly invalid, like any model output). */
  readonly arguments: string
}

export interface FilterOutput {
  readonly visible: string
  readonly calls: ReadonlyArray<TextToolCall>
}

const OPEN = "<tool_call>"
const CLOSE = "</tool_call>"

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
const partialTagAtEnd = (text: string, tag: string): number => {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n
  }
  return 0
}

const parseBlock = (body: string): TextToolCall => {
  try {
    const parsed = JSON.parse(body) as { name?: unknown; arguments?: unknown; parameters?: unknown }
    const name = typeof parsed.name === "string" ? parsed.name : ""
    const args = parsed.arguments ?? parsed.parameters ?? {}
    return { name, arguments: typeof args === "string" ? args : JSON.stringify(args) }
  } catch {
    // Not JSON: keep the raw text as the arguments so the call fails visibly rather than vanishing.
    return { name: "", arguments: body.trim() }
  }
}

export class ToolCallTextFilter {
  private buffer = ""
  private inside = false

  /** Feeds a text delta; returns what may be shown now and any calls completed by it. */
  push(delta: string): FilterOutput {
    this.buffer += delta
    let visible = ""
    const calls: Array<TextToolCall> = []
    for (;;) {
      if (!this.inside) {
        const open = this.buffer.indexOf(OPEN)
        if (open === -1) {
          const hold = partialTagAtEnd(this.buffer, OPEN)
          visible += this.buffer.slice(0, this.buffer.length - hold)
          this.buffer = this.buffer.slice(this.buffer.length - hold)
          break
        }
        visible += this.buffer.slice(0, open)
        this.buffer = this.buffer.slice(open + OPEN.length)
        this.inside = true
      } else {
        const close = this.buffer.indexOf(CLOSE)
        if (close === -1) break
        calls.push(parseBlock(this.buffer.slice(0, close)))
        this.buffer = this.buffer.slice(close + CLOSE.length)
        this.inside = false
      }
    }
    return { visible, calls }
  }

  /** Ends the text: a held-back partial tag is text after all; an unclosed block is still a call. */
  flush(): FilterOutput {
    const rest = this.buffer
    this.buffer = ""
    if (this.inside) {
      this.inside = false
      return { visible: "", calls: rest.trim() ? [parseBlock(rest)] : [] }
    }
    return { visible: rest, calls: [] }
  }
}
