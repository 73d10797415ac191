import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Chunk, Deferred, Effect, Either, Fiber, Redacted, Stream } from "effect"
import type { ChatDelta, LanguageModelShape } from "../../src/llm/LanguageModel.js"
import * as OpenAiLanguageModel from "../../src/llm/OpenAiLanguageModel.js"
import type { Reply } from "../../src/llm/scripted/Reply.js"
import * as ScriptedModel from "../../src/llm/scripted/ScriptedModel.js"
import { openAiOver, SCRIPTED_API_KEY } from "../support/openAiModel.js"

let model: ScriptedModel.ScriptedModelServer
let llm: LanguageModelShape
beforeAll(async () => {
  model = await ScriptedModel.start()
  llm = openAiOver(model)
})
afterAll(() => model.close())

const collect = (replies: ReadonlyArray<Reply>) => {
  model.script(replies)
  return Effect.runPromise(
    llm.streamChat({ messages: [{ role: "user", content: "hi" }] }).pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray), Effect.either)
  )
}

describe("LanguageModel over the openai SDK", () => {
  it("streams text and assembles parallel tool calls from interleaved fragments by index", async () => {
    const result = await collect([
      {
        text: "Two calls:",
        toolCalls: [
          { id: "a", name: "first", arguments: { query: "alpha beta gamma delta" }, fragments: 6 },
          { id: "b", name: "second", arguments: { query: "epsilon zeta eta theta" }, fragments: 4 }
        ]
      }
    ])
    const deltas = Either.getOrThrow(result)
    expect(deltas.filter((d) => d._tag === "Text").map((d) => (d as { text: string }).text).join("")).toBe("Two calls:")
    expect(deltas.filter((d) => d._tag === "ToolCall")).toEqual([
      { _tag: "ToolCall", index: 0, id: "a", name: "first", arguments: '{"query":"alpha beta gamma delta"}' },
      { _tag: "ToolCall", index: 1, id: "b", name: "second", arguments: '{"query":"epsilon zeta eta theta"}' }
    ])
    const finish = deltas.at(-1) as Extract<ChatDelta, { _tag: "Finish" }>
    expect(finish.reason).toBe("tool_calls")
    expect(finish.usage?.completion_tokens).toBeGreaterThan(0)
    const request = model.requests.at(-1)!
    expect(request.headers["authorization"]).toBe(`Bearer ${SCRIPTED_API_KEY}`)
    expect(request.body.stream).toBe(true)
    expect(request.body.model).toBe("scripted-model")
  })

  it("assembles a long tool-call argument streamed in hundreds of fragments", async () => {
    const document = Array.from({ length: 400 }, (_, i) => `section ${i}: ünïcode and "quotes"`).join("\n")
    const result = await collect([{ toolCalls: [{ id: "long", name: "design", arguments: { document }, fragments: 300 }] }])
    const calls = Either.getOrThrow(result).filter((d) => d._tag === "ToolCall") as Array<Extract<ChatDelta, { _tag: "ToolCall" }>>
    expect(calls).toHaveLength(1)
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ document })
  })

  it("aborts the HTTP request at once when interrupted while the model is silent", async () => {
    model.script([{ text: "one two", fault: { type: "stall", afterChunks: 2 } }])
    const outcome = await Effect.runPromise(
      Effect.gen(function* () {
        const firstText = yield* Deferred.make<void>()
        const fiber = yield* llm.streamChat({ messages: [{ role: "user", content: "hi" }] }).pipe(
          Stream.runForEach((d) => (d._tag === "Text" ? Deferred.succeed(firstText, undefined) : Effect.void)),
          Effect.fork
        )
        yield* Deferred.await(firstText)
        yield* Fiber.interrupt(fiber)
        return yield* Effect.promise(() => Promise.race([model.requests.at(-1)!.settled, new Promise((r) => setTimeout(() => r("not aborted within 500 ms"), 500))]))
      })
    )
    expect(outcome).toBe("aborted")
  })

  it("retries before the first token only", async () => {
    const beforeRetry = model.requests.length
    const ok = await collect([{ fault: { type: "status", status: 503 } }, { fault: { type: "reset" } }, { text: "third time" }])
    expect(Either.isRight(ok)).toBe(true)
    expect(model.requests.length - beforeRetry).toBe(3)

    const beforeMidStream = model.requests.length
    const broken = await collect([{ text: "a b c", fault: { type: "disconnect", afterChunks: 2 } }, { text: "never asked for" }])
    expect(Either.isLeft(broken) && broken.left._tag).toBe("LlmUnavailable")
    expect(model.requests.length - beforeMidStream).toBe(1)
  })

  it("does not retry what cannot succeed: 401, 400, a 429 asking for too long", async () => {
    for (const [status, tag, retryAfterSeconds] of [
      [401, "LlmAuth", undefined],
      [400, "LlmBadResponse", undefined],
      [429, "LlmRateLimited", 60]
    ] as const) {
      const before = model.requests.length
      const result = await collect([
        { fault: { type: "status", status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) } },
        { text: "must not be reached" }
      ])
      expect(Either.isLeft(result) && result.left._tag).toBe(tag)
      expect(model.requests.length - before).toBe(1)
    }
  })

  it("fails with llm_timeout when the stream goes silent past the idle timeout", async () => {
    const result = await collect([{ text: "a b", fault: { type: "stall", afterChunks: 2 } }])
    expect(Either.isLeft(result) && result.left.code).toBe("llm_timeout")
    expect(await model.requests.at(-1)!.settled).toBe("aborted")
  })

  it("fails with llm_unavailable when nothing listens at the base URL", async () => {
    const nowhere = OpenAiLanguageModel.make({
      baseUrl: "http://127.0.0.1:9/v1",
      apiKey: Redacted.make("x"),
      model: "m",
      firstTokenTimeout: "2 seconds",
      idleTimeout: "1 second",
      maxRetries: 1,
      retryBaseDelay: "10 millis",
      maxRetryAfter: "1 second"
    })
    const result = await Effect.runPromise(nowhere.streamChat({ messages: [{ role: "user", content: "hi" }] }).pipe(Stream.runDrain, Effect.either))
    expect(Either.isLeft(result) && result.left.code).toBe("llm_unavailable")
  })
})
