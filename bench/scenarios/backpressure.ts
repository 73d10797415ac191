/**
 * Backpressure: long streams whose clients stop reading after a few tokens while the model has
 * far more to say. During the hold the relay should push back on the model instead of buffering,
 * so its RSS stays flat; once the clients read again every event must arrive (ids without gaps,
 * every token once, `close` last). Held back = tokens not yet delivered when the hold ends.
 */
import { noFailures, runLoad, type Scenario } from "../harness/scenario.js"
import { toMiB } from "../harness/proc.js"

export interface BackpressureSize {
  readonly streams: number
  readonly tokens: number
  /** Each client stops reading after this many tokens… */
  readonly pauseAfterTokens: number
  /** …and reads again this long after every client has stopped. */
  readonly holdMs: number
}

const HOLD_LIMIT_MIB = 64

export const backpressure: Scenario<BackpressureSize> = {
  name: "backpressure",
  title: "Backpressure",
  size: (quick) =>
    quick ? { streams: 10, tokens: 5000, pauseAfterTokens: 10, holdMs: 2000 } : { streams: 50, tokens: 100_000, pauseAfterTokens: 10, holdMs: 10_000 },
  describe: (s) =>
    `${s.streams} streams × ${s.tokens} tokens, model as fast as it can; clients stop reading after ${s.pauseAfterTokens} tokens for ${s.holdMs / 1000} s, then read everything`,
  measure: async (bench, s) => {
    const start = bench.sampler.latest()
    let paused: { at: number; tokens: number } | null = null
    let resumed: { at: number; tokens: number } | null = null
    const { result: r } = await runLoad(
      bench,
      {
        streams: s.streams,
        tokens: s.tokens,
        tps: 0,
        rampMs: 0,
        pauseAfterTokens: s.pauseAfterTokens,
        recordLatency: false,
        timeoutMs: 3_600_000
      },
      (message) => {
        if (message.type === "paused") {
          paused = message
          setTimeout(() => bench.client.resume(), s.holdMs)
        }
        if (message.type === "resuming") resumed = { at: message.at, tokens: message.tokens }
      }
    )
    const hold = paused as { at: number; tokens: number } | null
    const drain = resumed as { at: number; tokens: number } | null
    const holdPeak = hold && drain ? bench.sampler.peak(hold.at, drain.at) : Number.NaN
    const holdEnd = drain ? bench.sampler.at(drain.at) : Number.NaN
    const overallPeak = bench.sampler.peak(r.startedAt, r.endedAt)
    return {
      figures: {
        startRssMiB: toMiB(start),
        holdPeakRssMiB: toMiB(holdPeak),
        holdGrowthMiB: toMiB(holdPeak - start),
        heldBackTokens: drain ? s.streams * s.tokens - drain.tokens : Number.NaN,
        overallPeakRssMiB: toMiB(overallPeak),
        drainTokensPerSecond: drain ? (r.tokens - drain.tokens) / ((r.endedAt - drain.at) / 1000) : Number.NaN,
        pausedAfterMs: hold ? hold.at - r.startedAt : Number.NaN,
        failures: r.failureCount
      },
      details: {
        tokensAtPause: hold?.tokens ?? null,
        tokensAtResume: drain?.tokens ?? null,
        holdEndRssMiB: toMiB(holdEnd),
        ttftMs: r.ttftMs,
        drainSeconds: drain ? (r.endedAt - drain.at) / 1000 : null,
        tokens: r.tokens,
        events: r.events,
        failures: r.failures
      }
    }
  },
  figures: [
    { key: "startRssMiB", label: "RSS before the streams", unit: "MiB", digits: 1 },
    { key: "holdPeakRssMiB", label: "peak RSS while held", unit: "MiB", digits: 1 },
    { key: "holdGrowthMiB", label: "growth while held (peak − start)", unit: "MiB", digits: 1 },
    { key: "heldBackTokens", label: "tokens held back at the end of the hold", unit: "tokens", digits: 0 },
    { key: "overallPeakRssMiB", label: "peak RSS over the whole run", unit: "MiB", digits: 1 },
    { key: "drainTokensPerSecond", label: "tokens/s once reading again", unit: "tok/s", digits: 0 },
    { key: "pausedAfterMs", label: "time until every stream had its first tokens and paused", unit: "ms", digits: 0 },
    { key: "failures", label: "streams missing events", unit: "", digits: 0 }
  ],
  targets: [
    {
      name: `peak RSS while held < start + ${HOLD_LIMIT_MIB} MiB`,
      check: (server) => ({ measured: `+${server["holdGrowthMiB"]!.toFixed(1)} MiB`, met: server["holdGrowthMiB"]! < HOLD_LIMIT_MIB })
    },
    noFailures("every event arrives after the hold (every repeat)", "streams missing events")
  ]
}

/** Events a run keeps for resume in the variant below (the default is 20 000). */
const SMALL_RETENTION_EVENTS = 1000

/**
 * The same with the server keeping 1 000 events per run for resume instead of 20 000. A paused
 * client does not stop a run at once: the kernel's socket buffers take tens of thousands of
 * events first, and the run log keeps the newest of them for resume — by design up to the
 * retention limit (spec 02: memory per run is bounded by queue capacity plus retention). With 50
 * runs at the default that bound alone is ~250 MiB; this variant shows what is left without it.
 */
export const backpressureSmallRetention: Scenario<BackpressureSize> = {
  ...backpressure,
  name: "backpressure-small-retention",
  title: `Backpressure, server retention ${SMALL_RETENTION_EVENTS.toLocaleString("en-US")} events per run`,
  sides: {
    server: { label: "server", relay: "server", settings: async () => ({ GTPLANNER_RETENTION_EVENTS: String(SMALL_RETENTION_EVENTS) }) },
    baseline: { label: "baseline", relay: "baseline" }
  }
}
