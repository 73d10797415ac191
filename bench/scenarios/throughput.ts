/**
 * Throughput: a few long streams with the model emitting as fast as it can (it still honours
 * TCP backpressure, so the slower relay sets the pace). Tokens per second delivered to the
 * clients over the whole run, and the relay's CPU time (from /proc) per 1 000 tokens.
 */
import { FIGURES, ratioTarget, runLoad, type Scenario } from "../harness/scenario.js"

export interface ThroughputSize {
  readonly streams: number
  readonly tokens: number
}

export const throughput: Scenario<ThroughputSize> = {
  name: "throughput",
  title: "Throughput",
  size: (quick) => (quick ? { streams: 10, tokens: 1000 } : { streams: 20, tokens: 5000 }),
  describe: (s) => `${s.streams} concurrent streams × ${s.tokens} tokens, model as fast as it can emit`,
  measure: async (bench, s) => {
    const { result: r, cpuSeconds: cpu, seconds } = await runLoad(bench, {
      streams: s.streams,
      tokens: s.tokens,
      tps: 0,
      rampMs: 0,
      pauseAfterTokens: null,
      recordLatency: true,
      timeoutMs: 600_000
    })
    return {
      figures: {
        tokensPerSecond: r.tokens / seconds,
        cpuSecondsPer1kTokens: (cpu / r.tokens) * 1000,
        cpuMicrosecondsPerEvent: (cpu / r.events) * 1e6,
        cpuCores: cpu / seconds,
        ttftP99Ms: r.ttftMs?.p99 ?? Number.NaN,
        failures: r.failureCount
      },
      details: { seconds, cpuSeconds: cpu, tokens: r.tokens, events: r.events, bytes: r.bytes, latencyMs: r.latencyMs, ttftMs: r.ttftMs, failures: r.failures }
    }
  },
  figures: [
    { key: "tokensPerSecond", label: "tokens/s delivered", unit: "tok/s", digits: 0 },
    { key: "cpuSecondsPer1kTokens", label: "CPU per 1 000 tokens", unit: "CPU-s", digits: 4 },
    { key: "cpuMicrosecondsPerEvent", label: "CPU per relayed event", unit: "µs", digits: 1 },
    FIGURES.cpuCores,
    FIGURES.ttftP99,
    FIGURES.failedStreams
  ],
  targets: [
    ratioTarget("throughput ≥ 0.5× baseline", "tokensPerSecond", (ratio) => ratio >= 0.5),
    ratioTarget("CPU per 1 000 tokens ≤ 2× baseline", "cpuSecondsPer1kTokens", (ratio) => ratio <= 2)
  ]
}
