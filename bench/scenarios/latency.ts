/**
 * Latency: many concurrent streams at a model's natural pace. Relay latency is the receive time
 * of each token at the client minus its emission time at the model (both epoch ms, stamped in the
 * token's text); time to first token runs from sending the request to receiving token 0.
 */
import { describePaced, FIGURES, pacedLoad, type PacedSize, runLoad, type Scenario } from "../harness/scenario.js"

export const latency: Scenario<PacedSize> = {
  name: "latency",
  title: "Latency",
  size: (quick) => (quick ? { streams: 50, tokens: 40, tps: 20, rampMs: 250 } : { streams: 200, tokens: 100, tps: 20, rampMs: 1000 }),
  describe: describePaced,
  measure: async (bench, s) => {
    const { result: r, cpuSeconds, seconds } = await runLoad(bench, { ...pacedLoad(s), timeoutMs: 120_000 })
    return {
      figures: {
        latencyP50Ms: r.latencyMs?.p50 ?? Number.NaN,
        latencyP99Ms: r.latencyMs?.p99 ?? Number.NaN,
        ttftP50Ms: r.ttftMs?.p50 ?? Number.NaN,
        ttftP99Ms: r.ttftMs?.p99 ?? Number.NaN,
        cpuCores: cpuSeconds / seconds,
        failures: r.failureCount
      },
      details: { latencyMs: r.latencyMs, ttftMs: r.ttftMs, tokens: r.tokens, events: r.events, failures: r.failures }
    }
  },
  figures: [
    FIGURES.latencyP50,
    FIGURES.latencyP99,
    FIGURES.ttftP50,
    FIGURES.ttftP99,
    FIGURES.cpuCores,
    FIGURES.failedStreams
  ],
  targets: [
    {
      name: "relay latency p99 ≤ 2× baseline (or within 5 ms of it)",
      check: (server, baseline) => {
        const s = server["latencyP99Ms"]!
        const b = baseline["latencyP99Ms"]!
        return { measured: `${s} ms vs ${b} ms (${(s / b).toFixed(1)}×, +${(s - b).toFixed(0)} ms)`, met: s <= Math.max(2 * b, b + 5) }
      }
    }
  ]
}
