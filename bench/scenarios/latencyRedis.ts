/**
 * The latency scenario with the server on the Redis run store (GTPLANNER_REDIS_URL) against the
 * same server on the in-memory one: what writing every event to a Redis stream, and reading it
 * back for each listener, adds to relay latency. Redis's own CPU is not in the relay's figures.
 */
import { redisUnavailable, redisUrl } from "../harness/redis.js"
import type { PacedSize, Scenario } from "../harness/scenario.js"
import { latency } from "./latency.js"

export const latencyRedis: Scenario<PacedSize> = {
  ...latency,
  name: "latency-redis",
  title: "Latency, Redis run store vs in-memory",
  sides: {
    server: { label: "Redis", relay: "server", settings: async () => ({ GTPLANNER_REDIS_URL: await redisUrl() }) },
    baseline: { label: "in-memory", relay: "server" }
  },
  unavailable: redisUnavailable,
  targets: []
}
