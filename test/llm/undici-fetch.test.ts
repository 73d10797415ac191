import { createServer as createHttpServer } from "node:http"
import { createServer, type Server } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Context, Effect, Either, Exit, Layer, Redacted, Scope, Stream } from "effect"
import { Agent } from "undici"
import { LanguageModel } from "../../src/llm/LanguageModel.js"
import * as OpenAiLanguageModel from "../../src/llm/OpenAiLanguageModel.js"
import * as ScriptedModel from "../../src/llm/scripted/ScriptedModel.js"
import { nodeBodyOf, StreamedResponse, undiciFetch } from "../../src/llm/UndiciFetch.js"
import { Metrics } from "../../src/observability/Metrics.js"
import { eventually } from "../support/app.js"

let model: ScriptedModel.ScriptedModelServer
const agent = new Agent()
const send = undiciFetch(agent)
beforeAll(async () => {
  model = await ScriptedModel.start()
})
afterAll(async () => {
  await agent.destroy()
  await model.close()
})

/** Model settings for `baseUrl`, with no retries and short timeouts. */
const settingsFor = (baseUrl: string): OpenAiLanguageModel.OpenAiSettings => ({
  baseUrl,
  apiKey: Redacted.make("k"),
  model: "m",
  firstTokenTimeout: "3 seconds",
  idleTimeout: "1 second",
  maxRetries: 0,
  retryBaseDelay: "10 millis",
  maxRetryAfter: "1 second"
})

const chat = (init: Partial<RequestInit> = {}) =>
  send(`${model.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer k" },
    body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }),
    ...init
  })

describe("the model transport (undici under the openai client)", () => {
  it("hands a streamed reply's body over as a Node stream, and still as text to any other reader", async () => {
    model.script([{ text: "hello there world" }, { text: "second reply" }])
    const response = await chat()
    expect(response).toBeInstanceOf(StreamedResponse)
    // What the SDK reads of a reply before handing it back (it is not a WHATWG Response).
    expect(response.ok).toBe(true)
    expect(response.status).toBe(200)
    expect(response.url).toBe(`${model.url}/chat/completions`)
    expect([...response.headers.entries()].some(([name]) => name === "content-type")).toBe(true)
    expect(response.headers.get("content-type")).toBe("text/event-stream")
    const body = nodeBodyOf(response)!
    let text = ""
    for await (const part of body) text += String(part)
    expect(text).toContain('"content":"hello "')
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true)

    const other = await chat()
    const whole = await other.text()
    expect(whole).toContain('"content":"second "')
    expect(whole).toContain("data: [DONE]")
  })

  it("sends a text or bytes body whole, with its length (not chunked)", async () => {
    model.script([{ text: "one" }, { text: "two" }])
    const before = model.requests.length
    // Not ASCII, so the length in bytes differs from the length in characters.
    const body = JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "héllo wörld ✓" }] })
    await (await chat({ body })).text()
    await (await chat({ body: new TextEncoder().encode(body) })).text()
    for (const recorded of model.requests.slice(before)) {
      expect(recorded.headers["content-length"]).toBe(String(Buffer.byteLength(body)))
      expect(recorded.headers["transfer-encoding"]).toBeUndefined()
      expect(recorded.body.messages[0]!.content).toBe("héllo wörld ✓")
    }
    expect(model.requests.length - before).toBe(2)
  })

  it("gives a refusal as an ordinary Response with the provider's body and headers", async () => {
    model.script([{ fault: { type: "status", status: 429, retryAfterSeconds: 7, message: "slow down" } }])
    const response = await chat()
    expect(response).not.toBeInstanceOf(StreamedResponse)
    expect(response.status).toBe(429)
    expect(response.headers.get("retry-after")).toBe("7")
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe("slow down")
  })

  it("rejects with an AbortError when aborted while the provider is silent, and closes that connection", async () => {
    const controller = new AbortController()
    let closed = false
    // A provider that reads the request and never answers; the abort comes once the request is in.
    const silent: Server = createServer((socket) => {
      socket.once("data", () => controller.abort())
      socket.on("close", () => {
        closed = true
      })
    })
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve))
    const { port } = silent.address() as { port: number }
    const error = await send(`http://127.0.0.1:${port}/v1/chat/completions`, { method: "POST", body: "{}", signal: controller.signal }).catch((e: unknown) => e)
    expect((error as Error).name).toBe("AbortError")
    await eventually(() => (closed ? true : undefined), "the aborted request's connection to close", 1000)
    await new Promise<void>((resolve) => silent.close(() => resolve()))
  })

  it("does not follow a redirect: the model fails with the provider's 3xx status, named", async () => {
    const redirecting = createHttpServer((_req, res) => res.writeHead(307, { location: `${model.url}/chat/completions` }).end())
    await new Promise<void>((resolve) => redirecting.listen(0, "127.0.0.1", resolve))
    const { port } = redirecting.address() as { port: number }
    model.script([{ text: "should not be reached" }])
    const before = model.requests.length
    const llm = OpenAiLanguageModel.make(settingsFor(`http://127.0.0.1:${port}/v1`), agent)
    const result = await Effect.runPromise(Effect.either(Stream.runDrain(llm.streamChat({ messages: [{ role: "user", content: "hi" }] }))))
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "LlmBadResponse", status: 307 })
    expect(model.requests.length).toBe(before)
    await new Promise<void>((resolve) => redirecting.close(() => resolve()))
  })

  it("sends a body that is neither text nor bytes through the global fetch", async () => {
    model.script([{ text: "via fetch" }])
    const blob = new Blob([JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "hi" }] })])
    const response = await chat({ body: blob })
    expect(response).not.toBeInstanceOf(StreamedResponse)
    expect(await response.text()).toContain('"content":"via "')
    expect(model.requests.at(-1)?.body.messages[0]?.content).toBe("hi")
  })

  it("closes its kept-alive connections to the model when the model's layer is released", async () => {
    const own = await ScriptedModel.start({ replies: [{ text: "kept alive" }] })
    const scope = Effect.runSync(Scope.make())
    const layer = OpenAiLanguageModel.layer(settingsFor(own.url)).pipe(Layer.provide(Metrics.layer))
    const llm = Context.get(await Effect.runPromise(Layer.buildWithScope(layer, scope)), LanguageModel)
    await Effect.runPromise(Stream.runDrain(llm.streamChat({ messages: [{ role: "user", content: "hi" }] })))
    // The reply is over, and its connection stays open for the next request.
    expect(await own.openConnections()).toBe(1)
    await Effect.runPromise(Scope.close(scope, Exit.void))
    // undici keeps an idle connection for 4 s; released, the layer closes it at once.
    await eventually(async () => ((await own.openConnections()) === 0 ? true : undefined), "the model connection to close", 1000)
    await own.close()
  })
})
