/**
 * `forEachDelta` over the openai SDK: the reply handed to its consumer from the body's own
 * callbacks, a step on the consumer's fiber only when the consumer asks for one.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Cause, Chunk, Deferred, Effect, Either, Exit, Fiber, Option, Stream } from "effect"
import { type ChatDelta, DeltaHandled, type LanguageModelShape } from "../../src/llm/LanguageModel.js"
import type { Reply } from "../../src/llm/scripted/Reply.js"
import * as ScriptedModel from "../../src/llm/scripted/ScriptedModel.js"
import { openAiOver } from "../support/openAiModel.js"

let model: ScriptedModel.ScriptedModelServer
let llm: LanguageModelShape
beforeAll(async () => {
  model = await ScriptedModel.start()
  // No retries: each test scripts exactly the replies it reads.
  llm = openAiOver(model, { maxRetries: 0 })
})
afterAll(() => model.close())

const request = { messages: [{ role: "user" as const, content: "hi" }] }

const forEachDelta = <E>(f: (delta: ChatDelta) => Effect.Effect<void, E>) => {
  if (llm.forEachDelta === undefined) throw new Error("the openai model has its own forEachDelta")
  return llm.forEachDelta(request, f)
}

const textOf = (deltas: ReadonlyArray<ChatDelta>) => deltas.flatMap((d) => (d._tag === "Text" ? [d.text] : [])).join("")

describe("forEachDelta over the openai SDK", () => {
  it("hands over the same deltas as streamChat: text, tool calls assembled, the finish", async () => {
    const reply: Reply = {
      text: "Two calls, then the end.",
      toolCalls: [
        { id: "a", name: "first", arguments: { query: "alpha beta" }, fragments: 5 },
        { id: "b", name: "second", arguments: { query: "gamma delta" }, fragments: 3 }
      ]
    }
    model.script([reply])
    const streamed = await Effect.runPromise(Stream.runCollect(llm.streamChat(request)).pipe(Effect.map(Chunk.toReadonlyArray)))
    model.script([reply])
    const handed: Array<ChatDelta> = []
    await Effect.runPromise(
      forEachDelta((delta) => {
        handed.push(delta)
        return DeltaHandled
      })
    )
    expect(textOf(handed)).toBe("Two calls, then the end.")
    // The text may be cut into other pieces by other network reads; everything else is the same.
    expect(handed.filter((d) => d._tag !== "Text")).toEqual(streamed.filter((d) => d._tag !== "Text"))
    expect(handed.filter((d) => d._tag === "ToolCall").map((d) => (d as { id: string }).id)).toEqual(["a", "b"])
    expect(handed.at(-1)?._tag).toBe("Finish")
  })

  it("runs what the consumer returns before it hands over the next delta, in the middle of a network read too", async () => {
    const tokens = 400
    model.script([{ tokens }])
    const handed: Array<string> = []
    let waiting = false
    let overlaps = 0
    let steps = 0
    await Effect.runPromise(
      forEachDelta((delta) => {
        if (waiting) overlaps++
        if (delta._tag !== "Text") return DeltaHandled
        handed.push(delta.text)
        if (handed.length % 7 !== 0) return DeltaHandled
        // Every seventh delta needs the fiber, and gives it up once before it is done.
        waiting = true
        return Effect.zipRight(
          Effect.yieldNow(),
          Effect.sync(() => {
            waiting = false
            steps++
          })
        )
      })
    )
    expect(overlaps).toBe(0)
    expect(handed.join("")).toBe(Array.from({ length: tokens }, (_, i) => `t${i} `).join(""))
    expect(steps).toBe(Math.floor(handed.length / 7))
  })

  it("fails with llm_timeout when the model goes silent while the pump waits, and aborts the request", async () => {
    model.script([{ text: "a b", fault: { type: "stall", afterChunks: 2 } }])
    const handed: Array<ChatDelta> = []
    const result = await Effect.runPromise(
      Effect.either(
        forEachDelta((delta) => {
          handed.push(delta)
          return DeltaHandled
        })
      )
    )
    expect(Either.isLeft(result) && result.left.code).toBe("llm_timeout")
    expect(textOf(handed)).toBe("a ")
    expect(await model.requests.at(-1)!.settled).toBe("aborted")
  })

  it("ends as the defect a consumer throws (not as a crash of the process), and aborts the request", async () => {
    model.script([{ tokens: 50, delayMs: 5 }])
    let calls = 0
    const exit = await Effect.runPromiseExit(
      forEachDelta((delta) => {
        if (delta._tag === "Text" && ++calls === 3) throw new Error("consumer bug")
        return DeltaHandled
      })
    )
    expect(Exit.isFailure(exit) && Option.map(Cause.dieOption(exit.cause), (d) => (d as Error).message)).toEqual(Option.some("consumer bug"))
    expect(calls).toBe(3)
    expect(await model.requests.at(-1)!.settled).toBe("aborted")
  })

  it("ends as a defect, not as a crash of the process, when a later chunk has a shape it cannot read", async () => {
    // A provider whose second network read carries valid JSON where `choices` is not a list.
    const chunk = (content: string) =>
      `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`
    const odd = createServer((req, res) => {
      req.resume()
      req.on("end", () => {
        res.writeHead(200, { "content-type": "text/event-stream" })
        res.write(chunk("fine "))
        setTimeout(() => res.end(`data: {"id":"c","object":"chat.completion.chunk","choices":5}\n\n`), 50)
      })
    })
    await new Promise<void>((resolve) => odd.listen(0, "127.0.0.1", resolve))
    try {
      const oddModel = openAiOver({ url: `http://127.0.0.1:${(odd.address() as AddressInfo).port}/v1` }, { maxRetries: 0 })
      const handed: Array<ChatDelta> = []
      const exit = await Effect.runPromiseExit(
        oddModel.forEachDelta!(request, (delta) => {
          handed.push(delta)
          return DeltaHandled
        })
      )
      expect(Exit.isFailure(exit) && Option.isSome(Cause.dieOption(exit.cause))).toBe(true)
      expect(textOf(handed)).toBe("fine ")
    } finally {
      odd.closeAllConnections()
      await new Promise((resolve) => odd.close(resolve))
    }
  })

  it("interrupted while the model is silent: stops handing over and aborts the request at once", async () => {
    model.script([{ text: "one two three", fault: { type: "stall", afterChunks: 2 } }])
    let after = 0
    const outcome = await Effect.runPromise(
      Effect.gen(function* () {
        const firstText = yield* Deferred.make<void>()
        let interrupted = false
        const fiber = yield* Effect.fork(
          forEachDelta((delta) => {
            if (interrupted) after++
            if (delta._tag === "Text") Deferred.unsafeDone(firstText, Exit.void)
            return DeltaHandled
          })
        )
        yield* Deferred.await(firstText)
        interrupted = true
        yield* Fiber.interrupt(fiber)
        return yield* Effect.promise(() => Promise.race([model.requests.at(-1)!.settled, new Promise((r) => setTimeout(() => r("not aborted within 500 ms"), 500))]))
      })
    )
    expect(outcome).toBe("aborted")
    expect(after).toBe(0)
  })
})
