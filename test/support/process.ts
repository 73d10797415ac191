/** Runs the real server command (the compiled `dist/main.js` that `npm start` runs) as a child process. */
import { type ChildProcess, spawn } from "node:child_process"
import { MAIN } from "./command.js"

export interface ServerProcess {
  readonly child: ChildProcess
  readonly baseUrl: string
  readonly output: () => string
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Waits until the output matches (for later log lines). */
  readonly waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>
}

export interface SpawnOptions {
  readonly args?: ReadonlyArray<string>
  readonly cwd?: string
  /** dev mode's reload supervisor; off unless a test is about it. */
  readonly reload?: boolean
  /** Write no log file unless a test asks for one. */
  readonly logFile?: boolean
}

export const spawnServer = (env: Record<string, string>, options: SpawnOptions = {}): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const flags = [...(options.logFile ? [] : ["--no-log-file"]), ...(options.reload ? [] : ["--no-reload"]), ...(options.args ?? [])]
    const child = spawn(process.execPath, [MAIN, ...flags], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, GTPLANNER_PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    const waiters: Array<{ pattern: RegExp; done: (m: RegExpMatchArray) => void }> = []
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once("exit", (code, signal) => done({ code, signal }))
    )
    const waitFor = (pattern: RegExp, timeoutMs = 15_000) =>
      new Promise<RegExpMatchArray>((done, fail) => {
        const now = output.match(pattern)
        if (now) return done(now)
        waiters.push({ pattern, done })
        setTimeout(() => fail(new Error(`no ${pattern} in the output within ${timeoutMs} ms:\n${output}`)), timeoutMs).unref()
      })
    const onData = (data: Buffer) => {
      output += data.toString()
      for (const w of [...waiters]) {
        const match = output.match(w.pattern)
        if (match) {
          waiters.splice(waiters.indexOf(w), 1)
          w.done(match)
        }
      }
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    waitFor(/listening on (http:\/\/[\d.]+:\d+)/, 20_000).then(
      (match) => resolve({ child, baseUrl: match[1]!, output: () => output, exited, waitFor }),
      reject
    )
    void exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening:\n${output}`)))
  })
