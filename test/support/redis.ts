/**
 * A real Redis for the multi-instance tests: the one `.ci/run` started (GTPLANNER_TEST_REDIS_URL),
 * or a private `redis-server` on a free loopback port when the binary is installed.
 */
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { closedPort } from "./command.js"

export interface TestRedis {
  readonly url: string
  readonly stop: () => Promise<void>
}

const BINARY = "/usr/bin/redis-server"

/** Why the Redis tests cannot run here, or null when they can. */
export const redisUnavailable = (): string | null =>
  process.env["GTPLANNER_TEST_REDIS_URL"] || existsSync(BINARY)
    ? null
    : "no redis-server: install Debian's redis-server (.ci/run does) or set GTPLANNER_TEST_REDIS_URL"

export const startRedis = async (): Promise<TestRedis> => {
  const given = process.env["GTPLANNER_TEST_REDIS_URL"]
  if (given) return { url: given, stop: async () => undefined }
  const port = await closedPort()
  const child = spawn(BINARY, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"]
  })
  await new Promise<void>((resolve, reject) => {
    let output = ""
    const onData = (data: Buffer) => {
      output += data.toString()
      if (output.includes("Ready to accept connections")) resolve()
    }
    child.stdout.on("data", onData)
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)))
  })
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve())
        child.kill("SIGTERM")
      })
  }
}
