/**
 * `npm run bench`: the four scenarios against the server and the bare baseline relay, in the same
 * run, repeated, with medians and ratios; prints Markdown tables and writes the raw results as
 * JSON. `npm run bench -- --quick` runs each scenario once at reduced size, for iterating.
 * Options: --quick, --repeats N, --only latency,throughput,fanout,backpressure, --out FILE.
 * See docs/benchmarks.md.
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { cpus, release, totalmem } from "node:os"
import { dirname, join, relative } from "node:path"
import { parseArgs } from "node:util"
import { buildAll, ROOT, serverEnv } from "./harness/processes.js"
import { stopRedis } from "./harness/redis.js"
import { loadAverage, openFileLimit } from "./harness/proc.js"
import { scenarioTable, targetsTable } from "./harness/report.js"
import { runScenario, type ScenarioResult } from "./harness/runner.js"
import type { Scenario } from "./harness/scenario.js"
import { backpressure, backpressureSmallRetention } from "./scenarios/backpressure.js"
import { fanout } from "./scenarios/fanout.js"
import { latency } from "./scenarios/latency.js"
import { latencyRedis } from "./scenarios/latencyRedis.js"
import { throughput } from "./scenarios/throughput.js"

const SCENARIOS: ReadonlyArray<Scenario> = [latency, latencyRedis, throughput, fanout, backpressure, backpressureSmallRetention]

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    repeats: { type: "string" },
    only: { type: "string" },
    out: { type: "string" }
  }
})
const quick = values.quick ?? false
const repeats = Number(values.repeats ?? (quick ? "1" : "3"))
const only = values.only?.split(",")
const out = values.out ?? join(ROOT, "bench/results", quick ? "quick.json" : "latest.json")
const named = SCENARIOS.filter((s) => only === undefined || only.includes(s.name))
if (named.length === 0) throw new Error(`--only names none of ${SCENARIOS.map((s) => s.name).join(", ")}`)
const selected = named.filter((s) => {
  const reason = s.unavailable?.()
  if (reason !== undefined) console.log(`Skipping ${s.name}: ${reason}.`)
  return reason === undefined
})

// 2 000 streams hold a socket to the client and one to the model in each relay process.
const streamsNeeded = Math.max(...selected.map((s) => s.size(quick).streams))
const limit = openFileLimit()
if (limit < streamsNeeded * 2 + 256) {
  throw new Error(`ulimit -n is ${limit}; ${streamsNeeded} streams need at least ${streamsNeeded * 2 + 256} open files. Raise it (ulimit -n 65536) and run again.`)
}

const started = Date.now()
console.log(`Building dist/main.js and the bench processes…`)
await buildAll()
console.log(`${quick ? "Quick" : "Full"} run: ${selected.map((s) => s.name).join(", ")}; ${repeats} repeat(s) each; load average ${loadAverage().join(" ")}`)

const results: Array<ScenarioResult> = []
for (const scenario of selected) {
  console.log(`\n${scenario.title}: ${scenario.describe(scenario.size(quick))}`)
  results.push(await runScenario(scenario, { quick, repeats, quietWaitMs: quick ? 0 : 30_000 }, (line) => console.log(line)))
}
await stopRedis()

const seconds = (Date.now() - started) / 1000
const cpu = cpus()
const machine = {
  cpus: cpu.length,
  cpuModel: cpu[0]?.model ?? "unknown",
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  kernel: release(),
  openFileLimit: limit
}
const git = (...args: Array<string>) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim()
const commit = { id: git("rev-parse", "HEAD"), modified: git("status", "--porcelain", "--untracked-files=no") !== "" }
const serverSettings = Object.fromEntries(Object.entries(serverEnv("<scripted model>/v1")).filter(([key]) => /^(LLM_|GTPLANNER_)/.test(key)))
const tables = [...selected.map((s, i) => scenarioTable(s, results[i]!)), `### Targets\n\n${targetsTable(results)}`].join("\n\n")
console.log(`\n${tables}\n`)
mkdirSync(dirname(out), { recursive: true })
writeFileSync(
  out,
  `${JSON.stringify({ startedAt: new Date(started).toISOString(), seconds, quick, repeats, commit, machine, serverSettings, results }, null, 2)}\n`
)
console.log(`Raw results: ${relative(process.cwd(), out)}. The whole run took ${Math.round(seconds)} s.`)
