/**
 * What a scenario is (its sizes, how it measures one relay, its figures and targets) and the
 * measurement window every scenario runs inside: CPU seconds of each process and of the whole
 * machine between two instants, so that load from anything else on the machine is reported.
 */
import type { FromClient, LoadConfig, LoadResult } from "../loadClient.js"
import type { LoadClient, ModelProcess, TargetKind, TargetProcess } from "./processes.js"
import { cpuSecondsOf, loadAverage, machineCpu, type Sampler } from "./proc.js"

/** One relay under test, with its model, load client and RSS sampler, ready to be measured. */
export interface Bench {
  readonly target: TargetProcess
  readonly model: ModelProcess
  readonly client: LoadClient
  readonly sampler: Sampler
  /** Unique per run, for session ids. */
  readonly label: string
}

/** A load run against the bench's relay, with the relay's CPU seconds over it. */
export interface LoadRun {
  readonly result: LoadResult
  readonly cpuSeconds: number
  /** Wall seconds from the first request to the last stream's end. */
  readonly seconds: number
}

/** Runs a load against the bench's relay, its URL and session-id label filled in. */
export const runLoad = async (
  bench: Bench,
  load: Omit<LoadConfig, "baseUrl" | "label">,
  onMessage?: (message: FromClient) => void
): Promise<LoadRun> => {
  const cpuAtStart = bench.sampler.cpuSeconds()
  const result = await bench.client.run({ baseUrl: bench.target.baseUrl, label: bench.label, ...load }, onMessage)
  return { result, cpuSeconds: bench.sampler.cpuSeconds() - cpuAtStart, seconds: (result.endedAt - result.startedAt) / 1000 }
}

export type Figures = Readonly<Record<string, number>>

export interface Measured {
  readonly figures: Figures
  /** Anything else worth keeping in the raw results. */
  readonly details?: Readonly<Record<string, unknown>>
}

export interface FigureSpec {
  readonly key: string
  readonly label: string
  readonly unit: string
  readonly digits: number
}

export interface TargetCheck {
  readonly name: string
  /** Judged on the medians of the repeats, and the server's failures summed over every repeat. */
  readonly check: (server: Figures, baseline: Figures, serverFailures: number) => { readonly measured: string; readonly met: boolean }
}

/** Every scenario runs some number of concurrent streams. */
export interface SizeBase {
  readonly streams: number
}

/**
 * What runs in each of a scenario's two columns. By default the server against the bare baseline
 * relay; a variant may instead compare two settings of the server (Redis against in-memory).
 */
export interface Side {
  readonly label: string
  readonly relay: TargetKind
  /** Server settings beyond the bench's own (only for `relay: "server"`). */
  readonly settings?: () => Promise<Readonly<Record<string, string>>>
}

export interface Sides {
  readonly server: Side
  readonly baseline: Side
}

export const DEFAULT_SIDES: Sides = { server: { label: "server", relay: "server" }, baseline: { label: "baseline", relay: "baseline" } }

// Methods (not function properties), so a list of scenarios of different sizes type-checks.
export interface Scenario<S extends SizeBase = SizeBase> {
  readonly name: string
  readonly title: string
  /** The two columns; DEFAULT_SIDES when absent. */
  readonly sides?: Sides
  /** Why this scenario cannot run on this machine, or undefined when it can. */
  unavailable?(): string | undefined
  size(quick: boolean): S
  describe(size: S): string
  measure(bench: Bench, size: S): Promise<Measured>
  /** The figures of the results table, in order; every scenario has `failures`. */
  readonly figures: ReadonlyArray<FigureSpec>
  readonly targets: ReadonlyArray<TargetCheck>
}

/** What the machine did during a measurement, process by process. */
export interface Window {
  readonly seconds: number
  readonly targetCpuSeconds: number
  readonly modelCpuSeconds: number
  readonly clientCpuSeconds: number
  readonly harnessCpuSeconds: number
  /** Busy cores used by everything else on the machine (other engineers' work included), on average. */
  readonly otherCores: number
  readonly loadAverageBefore: ReadonlyArray<number>
  readonly loadAverageAfter: ReadonlyArray<number>
}

export const openWindow = (pids: { readonly target: number; readonly model: number; readonly client: number }) => {
  const at = performance.now()
  const machine = machineCpu()
  const self = process.cpuUsage()
  const cpu = { target: cpuSecondsOf(pids.target), model: cpuSecondsOf(pids.model), client: cpuSecondsOf(pids.client) }
  const loadAverageBefore = loadAverage()
  return {
    close: (): Window => {
      const seconds = (performance.now() - at) / 1000
      const busy = machineCpu().busy - machine.busy
      const harness = process.cpuUsage(self)
      const harnessCpuSeconds = (harness.user + harness.system) / 1e6
      const targetCpuSeconds = cpuSecondsOf(pids.target) - cpu.target
      const modelCpuSeconds = cpuSecondsOf(pids.model) - cpu.model
      const clientCpuSeconds = cpuSecondsOf(pids.client) - cpu.client
      const ours = targetCpuSeconds + modelCpuSeconds + clientCpuSeconds + harnessCpuSeconds
      return {
        seconds,
        targetCpuSeconds,
        modelCpuSeconds,
        clientCpuSeconds,
        harnessCpuSeconds,
        otherCores: Math.max(0, (busy - ours) / seconds),
        loadAverageBefore,
        loadAverageAfter: loadAverage()
      }
    }
  }
}

/** How a run of one relay is recorded in the raw results. */
export interface RunRecord {
  readonly repeat: number
  /** 1 when this relay went first in its repeat, 2 when second. */
  readonly position: number
  readonly kind: TargetKind
  readonly figures: Figures
  readonly details: Readonly<Record<string, unknown>>
  readonly window: Window
  /** Busy cores used by other work just before the run, and how long the harness waited for quiet. */
  readonly before: { readonly otherCores: number; readonly waitedMs: number }
  readonly exit: { readonly code: number | null; readonly signal: string | null }
  /** Lines the relay wrote (the server logs at error level only): evidence of problems. */
  readonly log: string
}

/** Figures several scenarios report, labelled alike in every table. */
export const FIGURES = {
  latencyP50: { key: "latencyP50Ms", label: "relay latency p50", unit: "ms", digits: 0 },
  latencyP99: { key: "latencyP99Ms", label: "relay latency p99", unit: "ms", digits: 0 },
  ttftP50: { key: "ttftP50Ms", label: "time to first token p50", unit: "ms", digits: 0 },
  ttftP99: { key: "ttftP99Ms", label: "time to first token p99", unit: "ms", digits: 0 },
  cpuCores: { key: "cpuCores", label: "relay CPU use (1 = one core busy)", unit: "cores", digits: 2 },
  failedStreams: { key: "failures", label: "failed streams", unit: "", digits: 0 }
} as const satisfies Record<string, FigureSpec>

/** A target on the ratio server ÷ baseline of one figure's medians. */
export const ratioTarget = (name: string, key: string, met: (ratio: number) => boolean): TargetCheck => ({
  name,
  check: (server, baseline) => {
    const ratio = server[key]! / baseline[key]!
    return { measured: `${ratio.toFixed(2)}×`, met: met(ratio) }
  }
})

/** No failed stream in any repeat; `what` names the failure in the table. */
export const noFailures = (name: string, what: string): TargetCheck => ({
  name,
  check: (_server, _baseline, failures) => ({ measured: `${failures} ${what}`, met: failures === 0 })
})

/** Streams whose model emits at a set pace, started evenly over a ramp. */
export interface PacedSize {
  readonly streams: number
  readonly tokens: number
  readonly tps: number
  readonly rampMs: number
}

export const describePaced = (s: PacedSize): string =>
  `${s.streams} concurrent streams × ${s.tokens} tokens at ${s.tps} tokens/s (streams start over ${s.rampMs} ms)`

/** The load of a paced size: every stream read to its end, every token's latency kept. */
export const pacedLoad = (s: PacedSize) => ({
  streams: s.streams,
  tokens: s.tokens,
  tps: s.tps,
  rampMs: s.rampMs,
  pauseAfterTokens: null,
  recordLatency: true
})
