/**
 * `npm run bench:profile`: profiles the server (`node --cpu-prof`) under a load and says where the
 * time goes — self time by package, file and function, and the garbage collector's share —
 * counting only the samples taken while the load ran (startup, warm-up and shutdown left out).
 * Loads: `--load throughput` (default; the throughput scenario's streams, `--rounds` times),
 * `--load runs` (many one-token runs started at a steady 100/s: the cost of starting and ending a
 * run) or `--load paced` (200 streams at a model's natural 20 tokens/s: the cost of a token that
 * arrives alone, as in the latency scenario). Writes bench/results/profile-<target>-<load>.md; the raw `.cpuprofile` stays in
 * bench/results/profile/ (open it in Chrome DevTools or speedscope). `--target baseline` profiles
 * the bare relay instead; `--quick` uses the quick size.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { profileMarkdown, summarizeProfile } from "./harness/cpuProfile.js"
import { buildAll, LoadClient, ROOT, startModel, startTarget, type TargetKind } from "./harness/processes.js"
import { cpuSecondsOf, loadAverage } from "./harness/proc.js"
import { throughput } from "./scenarios/throughput.js"

const { values } = parseArgs({
  options: {
    target: { type: "string", default: "server" },
    load: { type: "string", default: "throughput" },
    quick: { type: "boolean", default: false },
    rounds: { type: "string", default: "3" }
  }
})
const kind = values.target as TargetKind
if (kind !== "server" && kind !== "baseline") throw new Error("--target is server or baseline")
const loadName = values.load ?? "throughput"
if (loadName !== "throughput" && loadName !== "runs" && loadName !== "paced") throw new Error("--load is throughput, runs or paced")
const quick = values.quick ?? false
const rounds = Number(values.rounds)
const shape =
  loadName === "throughput"
    ? { ...throughput.size(quick), tps: 0, rampMs: 0, describe: throughput.describe(throughput.size(quick)) }
    : loadName === "runs"
      ? { streams: quick ? 200 : 1000, tokens: 1, tps: 0, rampMs: quick ? 2000 : 10_000, describe: `${quick ? 200 : 1000} one-token runs started over ${quick ? 2 : 10} s` }
      : { streams: 200, tokens: quick ? 100 : 300, tps: 20, rampMs: 1000, describe: `200 streams × ${quick ? 100 : 300} tokens at 20 tokens/s, started over 1 s` }
const dir = join(ROOT, "bench/results/profile", `${kind}-${loadName}`)
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })

await buildAll()
const model = await startModel()
const target = await startTarget(kind, model.url, { nodeFlags: ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "250"] })
const client = new LoadClient()
const load = (label: string, streams: number, tokens: number, rampMs: number, tps = 0) =>
  client.run({ baseUrl: target.baseUrl, label, streams, tokens, tps, rampMs, pauseAfterTokens: null, recordLatency: false, timeoutMs: 600_000 })

await load(`warmup-${Date.now()}`, 10, 1000, 0)
const from = Date.now()
const cpuBefore = cpuSecondsOf(target.child.pid)
let tokens = 0
let events = 0
let runs = 0
for (let round = 1; round <= rounds; round++) {
  const r = await load(`profile-${round}-${Date.now()}`, shape.streams, shape.tokens, shape.rampMs, shape.tps)
  runs += r.streams
  if (r.failureCount > 0) throw new Error(`round ${round} failed: ${JSON.stringify(r.failures)}`)
  tokens += r.tokens
  events += r.events
}
const to = Date.now()
const cpu = cpuSecondsOf(target.child.pid) - cpuBefore
await client.stop()
await target.child.stop()
await model.child.stop()

const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))
if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`)
const summary = summarizeProfile(join(dir, file), ROOT, { fromMs: from - target.child.spawnedAt, toMs: to - target.child.spawnedAt })
const markdown = [
  `## CPU profile: ${kind}, ${rounds} × (${shape.describe})`,
  "",
  `${runs} runs, ${tokens} tokens, ${events} events relayed in ${((to - from) / 1000).toFixed(1)} s; ${kind} CPU ${cpu.toFixed(2)} s from /proc ` +
    `(${((cpu / runs) * 1e3).toFixed(2)} ms per run, ${((cpu / events) * 1e6).toFixed(1)} µs per event, ${((cpu / tokens) * 1000).toFixed(4)} CPU-s per 1 000 tokens, with the profiler on). ` +
    `Load average at the end: ${loadAverage().join(" ")}.`,
  "",
  profileMarkdown(summary)
].join("\n")
console.log(markdown)
const name = `profile-${kind}-${loadName}.md`
writeFileSync(join(ROOT, "bench/results", name), `${markdown}\n`)
console.log(`\nWritten to bench/results/${name}; raw profile: ${join("bench/results/profile", `${kind}-${loadName}`, file)}`)
