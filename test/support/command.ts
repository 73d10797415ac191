/** Runs the server command to completion (for options that exit: --help, --check, bad input). */
import { spawn } from "node:child_process"
import { resolve } from "node:path"

export interface CommandResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export const MAIN = resolve("dist/main.js")

export const runCommand = (args: ReadonlyArray<string>, options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}) =>
  new Promise<CommandResult>((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      fail(new Error(`command ${args.join(" ")} did not finish within ${options.timeoutMs ?? 15000} ms:\n${stdout}\n${stderr}`))
    }, options.timeoutMs ?? 15_000)
    child.once("exit", (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
  })

/** A port nothing listens on (bound, then released). */
export const closedPort = async (): Promise<number> => {
  const { createServer } = await import("node:net")
  return new Promise((done) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}
