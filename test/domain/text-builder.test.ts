import { describe, expect, it } from "vitest"
import { TextBuilder } from "../../src/domain/TextBuilder.js"

const chunks = (n: number) => Array.from({ length: n }, (_, i) => `t${i}·é `)

describe("TextBuilder", () => {
  it("is empty before any chunk", () => {
    expect(new TextBuilder().toString()).toBe("")
  })

  it("gives back every chunk in order, for lengths around and far past its piece size", () => {
    for (const n of [1, 63, 64, 65, 128, 129, 1000]) {
      const text = new TextBuilder()
      for (const chunk of chunks(n)) text.append(chunk)
      expect(text.toString()).toBe(chunks(n).join(""))
    }
  })

  it("can be read part-way and go on growing (an interrupted reply is read mid-stream)", () => {
    const text = new TextBuilder()
    const all = chunks(300)
    for (const [i, chunk] of all.entries()) {
      text.append(chunk)
      if (i % 37 === 0) expect(text.toString()).toBe(all.slice(0, i + 1).join(""))
    }
    text.append("")
    expect(text.toString()).toBe(all.join(""))
  })
})
