/**
 * The processes of a benchmark: the bench entry points compiled once (like the server's
 * `dist/main.js`, so no TypeScript is transpiled while measuring), the scripted model, the relay
 * under test (the server command or the bare baseline), and the load client. Each is its own
 * process; each is stopped by its own pid.
 */
import { build } from "esbuild"
import { type ChildProcess, execFileSync, fork, spawn } from "node:child_process"
import { once } from "node:events"
import { readFileSync } from "node:fs"
import { createServer } from "node:net"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { FromClient, LoadConfig, LoadResult } from "../loadClient.js"

export const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))))
const BUILD_DIR = join(ROOT, "bench/.build")

/** Compiles the server (`dist/main.js`, as `npm start` does) and the bench entry points. */
export const buildAll = async (): Promise<void> => {
  execFileSync(process.execPath, [join(ROOT, "scripts/build.mjs")], { stdio: "inherit", env: { ...process.env, GTPLANNER_BUILD_QUIET: "1" } })
  await build({
    entryPoints: ["model", "baseline", "loadClient"].map((name) => join(ROOT, "bench", `${name}.ts`)),
    outdir: BUILD_DIR,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning"
  })
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

/** A child process with its output kept (the last 64 KiB), stopped by pid. */
export class Child {
  private output = ""
  /** When the process was spawned (epoch ms). */
  readonly spawnedAt = Date.now()
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>

  constructor(readonly process: ChildProcess) {
    const keep = (data: Buffer) => {
      this.output = (this.output + data.toString()).slice(-65_536)
    }
    process.stdout?.on("data", keep)
    process.stderr?.on("data", keep)
    this.exited = once(process, "exit").then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }))
  }

  get pid(): number {
    return this.process.pid!
  }

  get log(): string {
    return this.output
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const match = pattern.exec(this.output)
      if (match) return match
      if (this.process.exitCode !== null) throw new Error(`process exited (${this.process.exitCode}) before ${pattern}:\n${this.output}`)
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 15_000): Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill("SIGTERM")
      const timer = setTimeout(() => this.process.kill("SIGKILL"), graceMs)
      const exit = await this.exited
      clearTimeout(timer)
      return exit
    }
    return this.exited
  }
}

/**
 * Polls `/health` until it answers 200. Each attempt has its own time limit: the server accepts
 * connections a moment before it handles requests, and a request that arrives in that window is
 * never answered (see docs/benchmarks.md, "Problems seen").
 */
export const waitHealthy = async (baseUrl: string, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const ok = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false
    )
    if (ok) return
    if (Date.now() > deadline) throw new Error(`${baseUrl}/health did not answer 200 within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export interface ModelProcess {
  readonly child: Child
  readonly url: string
}

export const startModel = async (): Promise<ModelProcess> => {
  const child = new Child(spawn(process.execPath, [join(BUILD_DIR, "model.mjs")], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] }))
  const match = await child.waitForOutput(/\{"url":"([^"]+)"\}/)
  return { child, url: match[1]! }
}

export type TargetKind = "server" | "baseline"

export interface TargetProcess {
  readonly kind: TargetKind
  readonly child: Child
  readonly baseUrl: string
}

/** Settings that would change what the server does with the bench: a configured model, tools, keys. */
const FOREIGN = /^(LLM_|OPENAI_|JINA_|GTPLANNER_)/

/**
 * The environment of the server under test: the scripted model instead of the demo, a run limit
 * that 2 000 streams do not reach, a send timeout longer than any backpressure hold (a paused
 * client is otherwise dropped after 30 s by design, and pausing 50 streams can take the server
 * that long), and everything else at its default (logs at error level only).
 */
export const serverEnv = (modelUrl: string, overrides: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !FOREIGN.test(key))),
  LLM_BASE_URL: modelUrl,
  LLM_API_KEY: "bench",
  LLM_MODEL: "bench-model",
  GTPLANNER_MAX_CONCURRENT_RUNS: "100000",
  GTPLANNER_SEND_TIMEOUT_S: "300",
  ...overrides
})

export interface TargetOptions {
  readonly nodeFlags?: ReadonlyArray<string>
  /** Settings of the server beyond `serverEnv`'s (a scenario's own, or a diagnosis). */
  readonly serverSettings?: Readonly<Record<string, string>>
}

/**
 * The `node` flags `npm start` runs the server with (from package.json's start script), so the
 * server is measured as users run it.
 */
export const startFlags = (): ReadonlyArray<string> => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
  const command = /\bnode ((?:--\S+ )*)dist\/main\.js/.exec(pkg.scripts["start"] ?? "")
  if (command === null) throw new Error("package.json's start script does not run `node … dist/main.js`")
  return command[1]!.trim().split(" ").filter((flag) => flag !== "")
}

export const startTarget = async (kind: TargetKind, modelUrl: string, options: TargetOptions = {}): Promise<TargetProcess> => {
  const port = await freePort()
  const flags = options.nodeFlags ?? []
  const args =
    kind === "server"
      ? [...startFlags(), ...flags, join(ROOT, "dist/main.js"), "--mode", "prod", "--workers", "1", "--no-log-file", "--no-reload", "--log-level", "error", "--port", String(port)]
      : [...flags, join(ROOT, "bench/.build/baseline.mjs")]
  const env = kind === "server" ? serverEnv(modelUrl, options.serverSettings) : { ...process.env, BENCH_PORT: String(port), BENCH_MODEL_URL: modelUrl }
  const child = new Child(spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] }))
  const baseUrl = `http://127.0.0.1:${port}`
  await Promise.race([
    waitHealthy(baseUrl),
    child.exited.then(({ code }) => {
      throw new Error(`${kind} exited (${code}) before it was healthy:\n${child.log}`)
    })
  ])
  return { kind, child, baseUrl }
}

/** The load client process: runs one load at a time and reports the result. */
export class LoadClient {
  readonly child: Child

  constructor() {
    this.child = new Child(fork(join(BUILD_DIR, "loadClient.mjs"), [], { cwd: ROOT, execArgv: [], stdio: ["ignore", "pipe", "pipe", "ipc"] }))
  }

  /** Runs a load; `onMessage` sees the progress messages (paused, resuming). */
  run(config: LoadConfig, onMessage: (message: FromClient) => void = () => {}): Promise<LoadResult> {
    const child = this.child.process
    return new Promise((resolve, reject) => {
      const listener = (message: FromClient) => {
        if (message.type !== "result") return onMessage(message)
        child.off("message", listener)
        child.off("exit", onExit)
        resolve(message.result)
      }
      const onExit = (code: number | null) => reject(new Error(`load client exited (${code}):\n${this.child.log}`))
      child.on("message", listener)
      child.once("exit", onExit)
      child.send({ type: "run", config })
    })
  }

  resume(): void {
    this.child.process.send({ type: "resume" })
  }

  stop(): Promise<unknown> {
    return this.child.stop(5_000)
  }
}
