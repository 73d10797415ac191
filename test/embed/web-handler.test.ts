/**
 * The API served as a web handler (`HttpLayerRouter.toWebHandler`: a `Request` in, a `Response`
 * out, as on Deno, Bun or a serverless host), not by Node's http server. The streaming endpoints
 * then send their bodies as streams (see `http/PullBody.ts`), which must deliver every event, and
 * release their listener when they end or the reader goes. The first body stays open for over a
 * second, so the once-a-second stalled-client sweep (`http/StalledClient.ts`) looks at it too.
 */
import { HttpLayerRouter } from "@effect/platform"
import { Layer, Logger, LogLevel } from "effect"
import { createParser } from "eventsource-parser"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { GTPlanner } from "../../src/index.js"
import * as ScriptedModel from "../../src/llm/scripted/ScriptedModel.js"
import { eventually } from "../support/app.js"

let model: ScriptedModel.ScriptedModelServer
let web: ReturnType<typeof HttpLayerRouter.toWebHandler<never, never, never, never>>

beforeAll(async () => {
  model = await ScriptedModel.start()
  const engine = GTPlanner.layer({ llm: { baseUrl: model.url, apiKey: "sk-test", model: "scripted-model" } })
  web = HttpLayerRouter.toWebHandler(GTPlanner.HttpRoutes.pipe(Layer.provide(engine), Layer.provide(Logger.minimumLogLevel(LogLevel.Error))), {
    disableLogger: true
  })
})
afterAll(async () => {
  await web.dispose()
  await model.close()
})

interface Parsed {
  readonly id: string | undefined
  readonly event: string | undefined
  readonly data: string
}

/** Reads SSE events from a body as a browser would: up to the first that `until` accepts, or the end. */
const sseReader = (response: Response) => {
  const events: Array<Parsed> = []
  const parser = createParser({ onEvent: (e) => events.push({ id: e.id, event: e.event, data: e.data }) })
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let seen = 0
  return {
    read: async (until: (event: Parsed) => boolean = () => false) => {
      for (;;) {
        while (seen < events.length) if (until(events[seen++]!)) return events
        const { done, value } = await reader.read()
        if (done) return events
        parser.feed(decoder.decode(value, { stream: true }))
      }
    },
    cancel: () => reader.cancel()
  }
}
const readEvents = (response: Response) => sseReader(response).read()

const openListeners = async () => {
  const text = await (await web.handler(new Request("http://embedded/metrics"))).text()
  return Number(/^gtplanner_active_listeners (\d+)$/m.exec(text)?.[1])
}

const start = (session_id: string) =>
  web.handler(
    new Request("http://embedded/api/chat/agent", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ session_id, dialogue_history: [{ role: "user", content: "hello" }] })
    })
  )

describe("the API as a web handler", () => {
  it("streams a whole run, then a resume from a cursor, and releases each listener at `close`", async () => {
    model.script([{ tokens: 30, delayMs: 10 }])
    const response = await start("web-1")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("text/event-stream")
    expect(response.headers.get("x-session-id")).toBe("web-1")
    const body = sseReader(response)
    expect((await body.read((e) => e.event === "assistant_message_chunk")).at(-1)!.event).toBe("assistant_message_chunk")
    expect(await openListeners()).toBe(1)
    // Held open past a sweep of the stalled-client watch, which has no Node socket to look at here.
    await new Promise((resolve) => setTimeout(resolve, 1200))
    const events = await body.read()
    expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1))
    expect(events[0]!.event).toBe("connection")
    expect(events.filter((e) => e.event === "assistant_message_chunk")).toHaveLength(30)
    expect(events.at(-1)!.event).toBe("close")

    const resumed = await readEvents(await web.handler(new Request("http://embedded/api/chat/agent/web-1/events", { headers: { "last-event-id": "3" } })))
    expect(resumed[0]!.event).toBe("connection")
    expect(resumed.slice(1).map((e) => e.id)).toEqual(events.slice(3).map((e) => e.id))
    await eventually(async () => ((await openListeners()) === 0 ? true : undefined), "no open listeners")
  })

  it("releases the listener when the reader goes mid-run; the run goes on and can be attached to", async () => {
    model.script([{ tokens: 400, delayMs: 10 }])
    const response = await start("web-2")
    const body = sseReader(response)
    const seen = await body.read((e) => e.event === "assistant_message_chunk")
    expect(seen.at(-1)!.event).toBe("assistant_message_chunk")
    expect(await openListeners()).toBe(1)
    await body.cancel()
    // The reader has gone while the run goes on: its listener is released, the run is not.
    await eventually(async () => ((await openListeners()) === 0 ? true : undefined), "the listener released")
    const snapshot = await (await web.handler(new Request("http://embedded/api/sessions/web-2"))).json()
    expect(snapshot).toMatchObject({ status: "running", listeners: 0 })
    const again = await sseReader(await web.handler(new Request("http://embedded/api/chat/agent/web-2/events?after=0"))).read(
      (e) => e.event === "assistant_message_chunk"
    )
    expect(again.slice(1).map((e) => e.event)).toEqual(seen.map((e) => e.event))
    await web.handler(new Request("http://embedded/api/chat/agent/web-2/cancel", { method: "POST" }))
  })
})

describe("request bodies through a web handler (read as a stream)", () => {
  const post = (body: BodyInit) =>
    web.handler(new Request("http://embedded/api/chat/agent", { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit))

  it("refuses a body past the limit without a declared length with 413, and bad JSON with 400", async () => {
    // 1 MiB is the default limit; a stream has no content-length, so the size is found by reading.
    const big = `{"session_id":"big","dialogue_history":[{"role":"user","content":"${"x".repeat(1_200_000)}"}]}`
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big))
        controller.close()
      }
    })
    const tooLarge = await post(stream)
    expect(tooLarge.status).toBe(413)
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe("payload_too_large")
    const badJson = await post("{nope")
    expect(badJson.status).toBe(400)
    expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe("invalid_json")
  })
})
