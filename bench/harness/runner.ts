/**
 * Runs a scenario against both relays: in each repeat the server and the baseline run one after
 * the other (the order alternates between repeats), each with a fresh model, relay and load
 * client, after a warm-up load, under the same conditions. Then medians and ratios.
 */
import { median } from "./stats.js"
import { LoadClient, startModel, startTarget, type TargetKind, type TargetProcess } from "./processes.js"
import { awaitQuiet, Sampler } from "./proc.js"
import { DEFAULT_SIDES, type Figures, openWindow, type RunRecord, type Scenario, type SizeBase } from "./scenario.js"

export interface RunOptions {
  readonly quick: boolean
  readonly repeats: number
  /** Longest wait for the rest of the machine to go quiet before each run. */
  readonly quietWaitMs: number
  /** Extra `node` flags per relay (for profiling). */
  readonly nodeFlags?: Partial<Record<TargetKind, ReadonlyArray<string>>>
}

export interface ScenarioResult {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly size: unknown
  readonly runs: ReadonlyArray<RunRecord>
  readonly medians: Readonly<Record<TargetKind, Figures>>
  /** Server median ÷ baseline median, per figure. */
  readonly ratios: Figures
  readonly failures: Readonly<Record<TargetKind, number>>
  readonly targets: ReadonlyArray<{ readonly name: string; readonly measured: string; readonly met: boolean }>
}

const SAMPLE_EVERY_MS = 50
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A short load before measuring, so both relays are measured warm (JIT, heap, connection pools). */
const warmUp = async (client: LoadClient, target: TargetProcess, quick: boolean) => {
  const result = await client.run({
    baseUrl: target.baseUrl,
    label: `warmup-${target.kind}-${Date.now()}`,
    streams: 10,
    tokens: quick ? 200 : 1000,
    tps: 0,
    rampMs: 0,
    pauseAfterTokens: null,
    recordLatency: false,
    timeoutMs: 60_000
  })
  if (result.failureCount > 0) throw new Error(`${target.kind} failed its warm-up: ${JSON.stringify(result.failures)}\n${target.child.log}`)
}

const runOnce = async <S extends SizeBase>(scenario: Scenario<S>, size: S, kind: TargetKind, repeat: number, position: number, options: RunOptions): Promise<RunRecord> => {
  const before = await awaitQuiet(options.quietWaitMs, options.quick ? 200 : 500)
  const side = (scenario.sides ?? DEFAULT_SIDES)[kind]
  const model = await startModel()
  let target: TargetProcess | undefined
  let client: LoadClient | undefined
  try {
    const serverSettings = (await side.settings?.()) ?? {}
    target = await startTarget(side.relay, model.url, { nodeFlags: options.nodeFlags?.[side.relay] ?? [], serverSettings })
    client = new LoadClient()
    await warmUp(client, target, options.quick)
    await sleep(options.quick ? 200 : 500)
    const sampler = new Sampler(target.child.pid, SAMPLE_EVERY_MS)
    const window = openWindow({ target: target.child.pid, model: model.child.pid, client: client.child.pid })
    const measured = await scenario.measure({ target, model, client, sampler, label: `${scenario.name}-${kind}-r${repeat}-${Date.now()}` }, size)
    const closed = window.close()
    sampler.stop()
    const exit = await target.child.stop()
    return {
      repeat,
      position,
      kind,
      figures: measured.figures,
      details: measured.details ?? {},
      window: closed,
      before,
      exit,
      log: target.child.log.trim()
    }
  } finally {
    await client?.stop()
    await target?.child.stop()
    await model.child.stop()
  }
}

const mediansOf = (runs: ReadonlyArray<RunRecord>): Figures => {
  const keys = new Set(runs.flatMap((r) => Object.keys(r.figures)))
  return Object.fromEntries([...keys].map((key) => [key, median(runs.map((r) => r.figures[key] ?? Number.NaN))]))
}

export const runScenario = async <S extends SizeBase>(scenario: Scenario<S>, options: RunOptions, progress: (line: string) => void): Promise<ScenarioResult> => {
  const size = scenario.size(options.quick)
  const runs: Array<RunRecord> = []
  for (let repeat = 1; repeat <= options.repeats; repeat++) {
    const order: ReadonlyArray<TargetKind> = repeat % 2 === 1 ? ["server", "baseline"] : ["baseline", "server"]
    for (const [index, kind] of order.entries()) {
      const run = await runOnce(scenario, size, kind, repeat, index + 1, options)
      runs.push(run)
      const figures = scenario.figures.map((f) => `${f.key}=${(run.figures[f.key] ?? Number.NaN).toFixed(f.digits)}`).join(" ")
      progress(`  ${scenario.name} #${repeat} ${(scenario.sides ?? DEFAULT_SIDES)[kind].label.padEnd(8)} ${figures}  (${run.window.seconds.toFixed(1)} s, other load ${run.window.otherCores.toFixed(2)} cores)`)
    }
  }
  const server = runs.filter((r) => r.kind === "server")
  const baseline = runs.filter((r) => r.kind === "baseline")
  const medians = { server: mediansOf(server), baseline: mediansOf(baseline) }
  const ratios = Object.fromEntries(Object.keys(medians.server).map((key) => [key, medians.server[key]! / medians.baseline[key]!]))
  const failures = {
    server: server.reduce((n, r) => n + (r.figures["failures"] ?? 0), 0),
    baseline: baseline.reduce((n, r) => n + (r.figures["failures"] ?? 0), 0)
  }
  const targets = scenario.targets.map((t) => ({ name: t.name, ...t.check(medians.server, medians.baseline, failures.server) }))
  return { name: scenario.name, title: scenario.title, description: scenario.describe(size), size, runs, medians, ratios, failures, targets }
}
