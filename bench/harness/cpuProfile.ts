/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and says where the time went: self time per
 * function and per package or source file, and the garbage collector's share. Frames of the
 * bundled `dist/main.js` are mapped back to `src/…` through its source map.
 */
import { readFileSync } from "node:fs"
import { dirname, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { type RawSourceMap, SourceMapConsumer } from "source-map-js"

interface CallFrame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
  readonly columnNumber: number
}

interface ProfileNode {
  readonly id: number
  readonly callFrame: CallFrame
  readonly children?: ReadonlyArray<number>
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly startTime: number
  readonly endTime: number
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

export interface Share {
  readonly name: string
  readonly ms: number
  /** Of the busy time (idle excluded). */
  readonly percent: number
}

export interface ProfileSummary {
  readonly sampledMs: number
  readonly busyMs: number
  readonly gcPercent: number
  /** Self time by package (`effect`, `@effect/platform`, `node:internal`, `src`, …). */
  readonly byPackage: ReadonlyArray<Share>
  /** Self time by file (package files, `node:` modules, `src/…` files). */
  readonly byFile: ReadonlyArray<Share>
  readonly byFunction: ReadonlyArray<Share>
  /** Inclusive time of each `src/` file and of each package: samples with one of its frames anywhere on the stack. */
  readonly inclusive: ReadonlyArray<Share>
}

const SPECIAL: Readonly<Record<string, string>> = {
  "(garbage collector)": "(garbage collector)",
  "(program)": "(program: V8/native, unattributed)",
  "(idle)": "(idle)",
  "(root)": "(root)"
}

/** Where a frame's code lives: package, file and a readable location. */
const locate = (frame: CallFrame, root: string, maps: Map<string, SourceMapConsumer | null>) => {
  const special = SPECIAL[frame.functionName]
  if (special && frame.url === "") return { pkg: special, file: special, where: "" }
  const url = frame.url
  if (url === "") return { pkg: "(native)", file: "(native)", where: "" }
  if (url.startsWith("node:")) return { pkg: "node (built-in modules)", file: url, where: `${url}:${frame.lineNumber + 1}` }
  const path = url.startsWith("file://") ? fileURLToPath(url) : url
  const nm = path.lastIndexOf("/node_modules/")
  if (nm >= 0) {
    const rest = path.slice(nm + "/node_modules/".length)
    const parts = rest.split("/")
    const pkg = parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!
    const file = `${pkg}/${parts.slice(pkg.split("/").length).join("/").replace(/^dist\/(esm|cjs)\//, "")}`
    return { pkg, file, where: `${file}:${frame.lineNumber + 1}` }
  }
  if (!maps.has(path)) {
    try {
      maps.set(path, new SourceMapConsumer(JSON.parse(readFileSync(`${path}.map`, "utf8")) as RawSourceMap))
    } catch {
      maps.set(path, null)
    }
  }
  const map = maps.get(path)
  if (map) {
    const original = map.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber })
    if (original.source) {
      const file = relative(root, resolve(dirname(path), original.source))
      return { pkg: file.startsWith("src/") ? "src (GTPlanner)" : file, file, where: `${file}:${original.line}` }
    }
  }
  const file = relative(root, path)
  return { pkg: file, file, where: `${file}:${frame.lineNumber + 1}` }
}

const top = (totals: Map<string, number>, busyMs: number, n: number): Array<Share> =>
  [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms, percent: (100 * ms) / busyMs }))

/**
 * Summarises the samples between `fromMs` and `toMs` after the profile started (the profiler
 * starts with the process, so startup and shutdown can be left out).
 */
export const summarizeProfile = (file: string, root: string, window: { readonly fromMs: number; readonly toMs: number }, n = 25): ProfileSummary => {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile
  const maps = new Map<string, SourceMapConsumer | null>()
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const parents = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id)
  // Sample i lasted until sample i + 1 (timeDeltas[i + 1], in µs).
  const selfMs = new Map<number, number>()
  let atUs = 0
  profile.samples.forEach((id, i) => {
    atUs += profile.timeDeltas[i] ?? 0
    if (atUs < window.fromMs * 1000 || atUs > window.toMs * 1000) return
    const delta = profile.timeDeltas[i + 1] ?? 0
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta / 1000)
  })
  const byPackage = new Map<string, number>()
  const byFile = new Map<string, number>()
  const byFunction = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let sampledMs = 0
  let idleMs = 0
  let gcMs = 0
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms)
  for (const [id, ms] of selfMs) {
    const frame = nodes.get(id)!.callFrame
    sampledMs += ms
    if (frame.functionName === "(idle)") {
      idleMs += ms
      continue
    }
    if (frame.functionName === "(garbage collector)") gcMs += ms
    const { pkg, file: where, where: at } = locate(frame, root, maps)
    add(byPackage, pkg, ms)
    add(byFile, where, ms)
    add(byFunction, `${frame.functionName || "(anonymous)"}${at ? ` ${at}` : ""}`, ms)
    const onStack = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const where = locate(nodes.get(at)!.callFrame, root, maps)
      onStack.add(where.file.startsWith("src/") ? where.file : where.pkg)
    }
    for (const key of onStack) add(inclusive, key, ms)
  }
  const busyMs = sampledMs - idleMs
  return {
    sampledMs,
    busyMs,
    gcPercent: (100 * gcMs) / busyMs,
    byPackage: top(byPackage, busyMs, n),
    byFile: top(byFile, busyMs, n),
    byFunction: top(byFunction, busyMs, n),
    inclusive: top(inclusive, busyMs, n).filter((s) => !s.name.startsWith("("))
  }
}

const shareTable = (title: string, shares: ReadonlyArray<Share>, column = "self ms") =>
  [`| ${title} | ${column} | % of busy |`, "|---|--:|--:|", ...shares.map((s) => `| ${s.name.replaceAll("|", "\\|")} | ${s.ms.toFixed(0)} | ${s.percent.toFixed(1)} |`)].join("\n")

export const profileMarkdown = (summary: ProfileSummary): string =>
  [
    `Sampled ${(summary.sampledMs / 1000).toFixed(1)} s, busy ${(summary.busyMs / 1000).toFixed(1)} s; garbage collector ${summary.gcPercent.toFixed(1)} % of busy time.`,
    "",
    shareTable("package", summary.byPackage.slice(0, 12)),
    "",
    shareTable("file", summary.byFile.slice(0, 20)),
    "",
    shareTable("function (self time)", summary.byFunction),
    "",
    "Inclusive time (a frame of it anywhere on the stack). Node's task queue is at the bottom of nearly every stack, and the Effect runtime runs continuations from its own loop, so a `src` file shows only the time of the code it runs directly:",
    "",
    shareTable("package or src file (inclusive)", summary.inclusive.slice(0, 20), "ms")
  ].join("\n")
