/** Runs the real server command as a child process, the way a user starts it. */
import { type ChildProcess, spawn } from "node:child_process"

export interface ServerProcess {
  readonly child: ChildProcess
  readonly baseUrl: string
  readonly output: () => string
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Variables that configure a model; removed for a run "with nothing configured". */
export const MODEL_VARIABLES = ["LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL"]

export const spawnServer = (env: Record<string, string>, args: ReadonlyArray<string> = [], unset: ReadonlyArray<string> = []): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !unset.includes(key)))
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
      env: { ...inherited, GTPLANNER_PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once("exit", (code, signal) => done({ code, signal }))
    )
    const onData = (data: Buffer) => {
      output += data.toString()
      const match = output.match(/listening on (http:\/\/[\d.]+:\d+)/)
      if (match) resolve({ child, baseUrl: match[1]!, output: () => output, exited })
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    void exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening:\n${output}`)))
    setTimeout(() => reject(new Error(`server did not start within 20 s:\n${output}`)), 20_000).unref()
  })
