import { HttpServer } from "@effect/platform"
import { Chunk, ConfigProvider, Context, Effect, Exit, Layer, Logger, LogLevel, Option, Scope, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AppConfig, GTPlanner, LanguageModel, SessionRegistry } from "../../src/index.js"
import * as ScriptedModel from "../../src/llm/scripted/ScriptedModel.js"

let model: ScriptedModel.ScriptedModelServer
beforeAll(async () => {
  model = await ScriptedModel.start()
})
afterAll(() => model.close())

const quiet = Logger.minimumLogLevel(LogLevel.Error)
const engine = () => GTPlanner.layer({ llm: { baseUrl: model.url, apiKey: "sk-test", model: "scripted-model" } })
const run = <A, E>(program: Effect.Effect<A, E, GTPlanner.Services>) =>
  Effect.runPromise(program.pipe(Effect.provide(engine()), Effect.provide(quiet)))
const turn = (session_id: string, content: string) => ({ session_id, dialogue_history: [{ role: "user" as const, content }] })

describe("the session engine without HTTP", () => {
  it("starts a run, streams its events, replays them from a cursor, and reports its outcome", async () => {
    model.script([{ text: "An embedded answer." }])
    const { events, replay, outcome, attached } = await run(
      Effect.gen(function* () {
        const handle = yield* SessionRegistry.start(turn("engine-1", "hello"))
        const events = Chunk.toReadonlyArray(yield* Stream.runCollect(handle.events()))
        const replay = Chunk.toReadonlyArray(yield* Stream.runCollect(handle.events(3)))
        const outcome = yield* handle.outcome
        const attached = yield* SessionRegistry.attach("engine-1", 3)
        return { events, replay, outcome, attached: Option.isSome(attached) ? Chunk.toReadonlyArray(yield* Stream.runCollect(attached.value)) : [] }
      })
    )
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1))
    expect(events[0]!.envelope).toMatchObject({ event_type: "connection", session_id: "engine-1" })
    expect(events.at(-1)!.envelope.event_type).toBe("close")
    expect(replay).toEqual(events.slice(3))
    expect(attached[0]!.envelope).toMatchObject({ event_type: "connection", data: { resumed: true } })
    expect(attached.slice(1)).toEqual(events.slice(3))
    expect(outcome.status).toBe("completed")
    expect(outcome.result.new_messages).toMatchObject([{ role: "assistant", content: "An embedded answer." }])
  })

  it("cancels a run through its handle; the session's snapshot says cancelled", async () => {
    model.script([{ tokens: 500, delayMs: 20 }])
    const { outcome, snapshot, again } = await run(
      Effect.gen(function* () {
        const handle = yield* SessionRegistry.start(turn("engine-2", "long"))
        yield* handle.events().pipe(Stream.takeUntil((item) => item.envelope.event_type === "assistant_message_chunk"), Stream.runDrain)
        yield* handle.cancel
        const outcome = yield* handle.outcome
        const snapshot = yield* SessionRegistry.snapshot("engine-2")
        const again = yield* SessionRegistry.cancel("engine-2").pipe(Effect.flip)
        return { outcome, snapshot, again }
      })
    )
    expect(outcome.status).toBe("cancelled")
    expect(Option.getOrThrow(snapshot).status).toBe("cancelled")
    expect(again._tag).toBe("NoActiveRun")
  })

  it("refuses a request that is not an AgentContextRequest, naming the field", async () => {
    const error = await run(SessionRegistry.start({ session_id: "bad id!", dialogue_history: [] }).pipe(Effect.flip))
    expect(error._tag).toBe("InvalidRequest")
    expect(error.message).toMatch(/session_id/)
  })
})

describe("GTPlanner.layer", () => {
  it("reads every setting from the environment when asked, explicit keys winning", async () => {
    const env = ConfigProvider.fromMap(
      new Map([
        ["LLM_BASE_URL", model.url],
        ["LLM_API_KEY", "sk-env"],
        ["LLM_MODEL", "model-from-env"],
        ["GTPLANNER_MAX_TOOL_ROUNDS", "3"]
      ])
    )
    const read = Effect.all({ config: AppConfig, llm: LanguageModel })
    const fromEnv = await Effect.runPromise(read.pipe(Effect.provide(GTPlanner.layer()), Effect.provide(Layer.setConfigProvider(env)), Effect.provide(quiet)))
    expect(fromEnv.llm).toMatchObject({ model: "model-from-env", demo: false })
    expect(fromEnv.config.maxToolRounds).toBe(3)
    const overridden = await Effect.runPromise(
      read.pipe(Effect.provide(GTPlanner.layer({ fromEnv: true, maxToolRounds: 4 })), Effect.provide(Layer.setConfigProvider(env)), Effect.provide(quiet))
    )
    expect(overridden.config.maxToolRounds).toBe(4)
    expect(overridden.llm.model).toBe("model-from-env")
  })

  it("serves the whole application in-process with GTPlanner.server", async () => {
    const scope = Effect.runSync(Scope.make())
    const context = await Effect.runPromise(
      Layer.buildWithScope(GTPlanner.server({ port: 0, llm: { baseUrl: model.url, apiKey: "sk-test" } }).pipe(Layer.provide(quiet)), scope)
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    const base = address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}` : ""
    expect((await fetch(`${base}/`)).headers.get("content-type")).toMatch(/^text\/html/)
    expect(((await (await fetch(`${base}/health`)).json()) as { llm: { demo: boolean } }).llm.demo).toBe(false)
    await Effect.runPromise(Scope.close(scope, Exit.void))
  })

  it("answers with the built-in demo model when given no model at all", async () => {
    const llm = await Effect.runPromise(LanguageModel.pipe(Effect.provide(GTPlanner.layer({})), Effect.provide(quiet)))
    expect(llm.demo).toBe(true)
  })
})
