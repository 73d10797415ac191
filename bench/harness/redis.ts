/**
 * A `redis-server` for the scenarios that run the server on the Redis run store: started once,
 * on a free loopback port, with persistence off (nothing a benchmark writes is worth keeping),
 * and stopped when the benchmark ends. `GTPLANNER_BENCH_REDIS_URL` names one to use instead.
 */
import { spawn, spawnSync } from "node:child_process"
import { Child, freePort } from "./processes.js"

let started: Promise<string> | undefined
let child: Child | undefined

/** Why the Redis scenarios cannot run here, or undefined when they can. */
export const redisUnavailable = (): string | undefined => {
  if (process.env["GTPLANNER_BENCH_REDIS_URL"] !== undefined) return undefined
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" })
  return probe.error === undefined && probe.status === 0 ? undefined : "no redis-server on PATH (apt-get install redis-server) and no GTPLANNER_BENCH_REDIS_URL"
}

export const redisUrl = (): Promise<string> => {
  const given = process.env["GTPLANNER_BENCH_REDIS_URL"]
  if (given !== undefined) return Promise.resolve(given)
  started ??= (async () => {
    const port = await freePort()
    child = new Child(spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] }))
    await child.waitForOutput(/Ready to accept connections/)
    return `redis://127.0.0.1:${port}`
  })()
  return started
}

export const stopRedis = async (): Promise<void> => {
  await child?.stop(5_000)
}
