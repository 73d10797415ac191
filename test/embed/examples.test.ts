import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as ScriptedModel from "../../src/llm/scripted/ScriptedModel.js"
import { type TestApp, startApp } from "../support/app.js"
import { grammarViolations } from "../support/grammar.js"
import { openSse } from "../support/sse.js"
import { documentTool } from "../support/tools.js"

/** An example run the way its header says: `tsx examples/<name>.ts`, as a process of its own. */
interface Example {
  readonly child: ChildProcess
  readonly output: () => string
  /** Resolves with the first match of `pattern` in the output so far or to come. */
  readonly waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const runExample = (name: string, env: Record<string, string>, args: ReadonlyArray<string> = []): Example => {
  const child = spawn(process.execPath, ["--import", "tsx", `examples/${name}.ts`, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }> = []
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once("exit", (code, signal) => done({ code, signal })))
  const onData = (data: Buffer) => {
    output += data.toString()
    for (const waiter of [...waiters]) {
      const match = output.match(waiter.pattern)
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(match)
      }
    }
  }
  child.stdout.on("data", onData)
  child.stderr.on("data", onData)
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = output.match(pattern)
        if (match) return resolve(match)
        waiters.push({ pattern, resolve })
        void exited.then(({ code }) => reject(new Error(`example ${name} exited (${code}) before printing ${pattern}:\n${output}`)))
      })
  }
}

let model: ScriptedModel.ScriptedModelServer
beforeAll(async () => {
  model = await ScriptedModel.start()
})
afterAll(() => model.close())

const modelEnv = () => ({ LLM_BASE_URL: model.url, LLM_API_KEY: "sk-test", LLM_MODEL: "scripted-model" })

describe("examples/planner-stream.ts", () => {
  it("streams one turn of the planner in a script, without HTTP", async () => {
    model.script([{ text: "Start with a short code generator and a redirect table." }])
    const example = runExample("planner-stream", modelEnv(), ["Plan a URL shortener"])
    expect(await example.exited).toEqual({ code: 0, signal: null })
    expect(example.output()).toContain("Start with a short code generator and a redirect table.")
    expect(example.output()).toContain("[done] success=true, 1 new message(s)")
    expect(JSON.stringify(model.requests.at(-1)!.body.messages)).toContain("Plan a URL shortener")
  })
})

describe("examples/mount-routes.ts", () => {
  it("serves its own route and the planner's on one router, behind its middleware; a run streams through it; its tool's custom event reaches the client", async () => {
    const example = runExample("mount-routes", { ...modelEnv(), PORT: "0", API_KEY: "k3y" })
    const [, baseUrl] = await example.waitFor(/Listening on (http:\/\/[\d.]+:\d+)/)
    try {
      expect(await (await fetch(`${baseUrl}/hello`)).text()).toBe("Hello from the host app")
      const refused = await fetch(`${baseUrl}/health`)
      expect(refused.status).toBe(401)
      expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } })
      expect((await fetch(`${baseUrl}/health`, { headers: { "x-api-key": "k3y" } })).status).toBe(200)

      model.script([{ text: "Checking.", toolCalls: [{ id: "s1", name: "check_stock", arguments: { sku: "BOOK-1" } }] }, { text: "12 in stock." }])
      const stream = await openSse(`${baseUrl}/api/chat/agent`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": "k3y" },
        body: JSON.stringify({ session_id: "mounted-1", dialogue_history: [{ role: "user", content: "Is BOOK-1 in stock?" }] })
      })
      const events = await stream.readAll()
      expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
      expect(model.requests.at(-2)!.body.tools!.map((t) => t.function.name)).toContain("check_stock")
      expect(events.find((e) => e.event === "custom")!.envelope.data).toEqual({ name: "stock.checked", value: { sku: "BOOK-1", in_stock: 12 } })
      expect(events.at(-2)!.envelope.data).toMatchObject({ status: "completed" })
    } finally {
      example.child.kill("SIGTERM")
    }
    expect(await example.exited).toEqual({ code: 0, signal: null })
    expect(example.output()).toMatch(/shutdown: drained/)
  })
})

describe("examples/client-node.ts", () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startApp({ tools: [documentTool] })
  })
  afterAll(() => app.close())

  it("holds a two-turn conversation through the client and downloads the design it produced", async () => {
    app.model.script([
      { text: "A bookshop: catalogue, cart, payments." },
      { text: "Writing it.", toolCalls: [{ id: "w1", name: "write_doc", arguments: { title: "Bookshop" } }] },
      { text: "Done." }
    ])
    const example = runExample("client-node", { GTPLANNER_URL: app.baseUrl })
    expect(await example.exited).toEqual({ code: 0, signal: null })
    const output = example.output()
    expect(output).toContain("A bookshop: catalogue, cart, payments.")
    expect(output.match(/\[turn completed\]/g)).toHaveLength(2)
    expect(output).toContain("[tool] write_doc: completed")
    expect(output).toContain("--- design.md ---\n# Bookshop\n\nBody of Bookshop.\n")
    expect(output).toContain("[6 messages in the conversation]")
    // The second turn carried the first one's messages.
    expect(app.model.requests.at(-2)!.body.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"])
  })
})

describe("the README's Embedding section", () => {
  it("shows each example's code exactly as it runs", () => {
    const readme = readFileSync("README.md", "utf8")
    for (const name of ["planner-stream", "mount-routes", "client-node"]) {
      const code = readFileSync(`examples/${name}.ts`, "utf8")
      expect(readme.includes("```ts\n" + code + "```"), `README shows examples/${name}.ts verbatim`).toBe(true)
    }
  })
})
