/**
 * Fan-out: thousands of slow streams open at once. The relay's RSS is sampled every 50 ms; RSS
 * per open stream is the peak minus the RSS before the streams opened, over the number of
 * streams (all of them are open together for most of the run). Every stream must complete. The
 * kernel's count of connections dropped because an accept queue was full tells a relay too busy
 * to accept from one that failed otherwise.
 */
import { describePaced, FIGURES, noFailures, pacedLoad, type PacedSize, ratioTarget, runLoad, type Scenario } from "../harness/scenario.js"
import { listenOverflows, toMiB } from "../harness/proc.js"

export const fanout: Scenario<PacedSize> = {
  name: "fanout",
  title: "Fan-out",
  size: (quick) => (quick ? { streams: 200, tokens: 4, tps: 2, rampMs: 500 } : { streams: 2000, tokens: 20, tps: 2, rampMs: 2000 }),
  describe: describePaced,
  measure: async (bench, s) => {
    const start = bench.sampler.latest()
    const overflowsBefore = listenOverflows()
    const { result: r, cpuSeconds, seconds } = await runLoad(bench, { ...pacedLoad(s), timeoutMs: 300_000 })
    const peak = bench.sampler.peak(r.startedAt, r.endedAt)
    return {
      figures: {
        startRssMiB: toMiB(start),
        peakRssMiB: toMiB(peak),
        rssPerStreamKiB: (peak - start) / s.streams / 1024,
        latencyP99Ms: r.latencyMs?.p99 ?? Number.NaN,
        ttftP99Ms: r.ttftMs?.p99 ?? Number.NaN,
        listenOverflows: listenOverflows() - overflowsBefore,
        cpuCores: cpuSeconds / seconds,
        failures: r.failureCount
      },
      details: {
        allOpenAfterMs: r.allOpenAt === null ? null : r.allOpenAt - r.startedAt,
        seconds,
        latencyMs: r.latencyMs,
        ttftMs: r.ttftMs,
        tokens: r.tokens,
        failures: r.failures
      }
    }
  },
  figures: [
    { key: "startRssMiB", label: "RSS before the streams", unit: "MiB", digits: 1 },
    { key: "peakRssMiB", label: "peak RSS", unit: "MiB", digits: 1 },
    { key: "rssPerStreamKiB", label: "RSS per open stream", unit: "KiB", digits: 1 },
    FIGURES.latencyP99,
    FIGURES.ttftP99,
    { key: "listenOverflows", label: "connections dropped by a full accept queue (machine-wide)", unit: "", digits: 0 },
    FIGURES.cpuCores,
    FIGURES.failedStreams
  ],
  targets: [
    ratioTarget("RSS per open stream ≤ 2× baseline", "rssPerStreamKiB", (ratio) => ratio <= 2),
    noFailures("zero failed streams (every repeat)", "failed")
  ]
}
