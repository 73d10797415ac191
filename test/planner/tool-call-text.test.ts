import { describe, expect, it } from "vitest"
import { ToolCallTextFilter } from "../../src/planner/ToolCallText.js"

const feed = (pieces: ReadonlyArray<string>) => {
  const filter = new ToolCallTextFilter()
  let visible = ""
  const calls: Array<{ name: string; arguments: string }> = []
  for (const piece of pieces) {
    const out = filter.push(piece)
    visible += out.visible
    calls.push(...out.calls)
  }
  const end = filter.flush()
  return { visible: visible + end.visible, calls: [...calls, ...end.calls] }
}

describe("<tool_call> blocks in model text", () => {
  it("passes plain text through unchanged", () => {
    expect(feed(["Hello ", "world <b>bold</b> a < b"])).toEqual({ visible: "Hello world <b>bold</b> a < b", calls: [] })
  })

  it("removes a block split at every possible point and returns it as a call", () => {
    const text = 'Before <tool_call>{"name": "design", "arguments": {"design_mode": "quick"}}</tool_call> after'
    for (let cut = 1; cut < text.length; cut++) {
      const result = feed([text.slice(0, cut), text.slice(cut)])
      expect(result.visible).toBe("Before  after")
      expect(result.calls).toEqual([{ name: "design", arguments: '{"design_mode":"quick"}' }])
    }
  })

  it("handles several blocks, one character at a time, with string arguments", () => {
    const text = 'a<tool_call>{"name":"x","arguments":"{\\"k\\":1}"}</tool_call>b<tool_call>{"name":"y","parameters":{}}</tool_call>c'
    expect(feed([...text])).toEqual({
      visible: "abc",
      calls: [
        { name: "x", arguments: '{"k":1}' },
        { name: "y", arguments: "{}" }
      ]
    })
  })

  it("keeps a held-back partial tag as text when the reply ends", () => {
    expect(feed(["the tag <tool_"])).toEqual({ visible: "the tag <tool_", calls: [] })
  })

  it("turns an unclosed or non-JSON block into a call that will fail visibly", () => {
    expect(feed(['<tool_call>{"name": "echo", "arguments": {"text": "hi"}}'])).toEqual({ visible: "", calls: [{ name: "echo", arguments: '{"text":"hi"}' }] })
    expect(feed(["<tool_call>not json</tool_call>"])).toEqual({ visible: "", calls: [{ name: "", arguments: "not json" }] })
  })
})
