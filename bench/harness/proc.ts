/**
 * What the kernel says about a process and the machine: RSS and peak RSS from
 * `/proc/<pid>/status`, CPU time from `/proc/<pid>/stat`, busy CPU from `/proc/stat`, and the
 * load average. A `Sampler` reads a process every few milliseconds to catch its peak RSS.
 */
import { readFileSync } from "node:fs"

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ: 100 on Linux everywhere that matters). */
const TICKS_PER_SECOND = 100
const MiB = 1024 * 1024

export interface ProcessReading {
  readonly rssBytes: number
  /** The kernel's high-water mark of RSS since the process started. */
  readonly hwmBytes: number
  /** User + system CPU seconds so far. */
  readonly cpuSeconds: number
}

const statusKb = (status: string, key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? "NaN") * 1024

/** CPU seconds of a process so far (utime + stime, fields 14 and 15 of /proc/<pid>/stat). */
export const cpuSecondsOf = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
  // The command name (field 2) is in parentheses and may contain spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

export const readProcess = (pid: number): ProcessReading => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8")
  return { rssBytes: statusKb(status, "VmRSS"), hwmBytes: statusKb(status, "VmHWM"), cpuSeconds: cpuSecondsOf(pid) }
}

/** Busy and total CPU seconds of the whole machine (all cores) so far, from /proc/stat. */
export const machineCpu = (): { readonly busy: number; readonly total: number } => {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as Array<number>
  const busy = user! + nice! + system! + irq! + softirq! + steal!
  return { busy: busy / TICKS_PER_SECOND, total: (busy + idle! + iowait!) / TICKS_PER_SECOND }
}

export const loadAverage = (): ReadonlyArray<number> => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number)

/** The soft limit on open files of this process (children inherit it). */
export const openFileLimit = (): number => Number(/^Max open files\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"))?.[1] ?? "NaN")

export const toMiB = (bytes: number): number => bytes / MiB

export interface RssSample {
  readonly at: number
  readonly rssBytes: number
}

/** Reads a process's RSS every `everyMs` until stopped; keeps every sample (a few thousand at most). */
export class Sampler {
  readonly samples: Array<RssSample> = []
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly pid: number,
    everyMs: number
  ) {
    this.sample()
    this.timer = setInterval(() => this.sample(), everyMs)
  }

  sample(): RssSample | undefined {
    try {
      const s = { at: Date.now(), rssBytes: readProcess(this.pid).rssBytes }
      this.samples.push(s)
      return s
    } catch {
      return undefined // the process has gone
    }
  }

  /** Samples now and returns that RSS. */
  latest(): number {
    return this.sample()?.rssBytes ?? Number.NaN
  }

  /** The last RSS sampled at or before `time`. */
  at(time: number): number {
    let found = Number.NaN
    for (const s of this.samples) if (s.at <= time) found = s.rssBytes
    return found
  }

  /** CPU seconds of the process so far. */
  cpuSeconds(): number {
    return cpuSecondsOf(this.pid)
  }

  /** The highest RSS sampled in [from, to]. */
  peak(from = 0, to = Number.POSITIVE_INFINITY): number {
    let peak = 0
    for (const s of this.samples) if (s.at >= from && s.at <= to && s.rssBytes > peak) peak = s.rssBytes
    return peak
  }

  stop(): void {
    clearInterval(this.timer)
    this.sample()
  }
}

/** Busy cores of the whole machine over `ms`, less this process's own CPU. */
export const otherCoresOver = async (ms: number): Promise<number> => {
  const machine = machineCpu()
  const self = process.cpuUsage()
  const at = performance.now()
  await new Promise((resolve) => setTimeout(resolve, ms))
  const own = process.cpuUsage(self)
  const seconds = (performance.now() - at) / 1000
  return Math.max(0, (machineCpu().busy - machine.busy - (own.user + own.system) / 1e6) / seconds)
}

/**
 * Waits until the rest of the machine is quiet (under `threshold` busy cores over `sampleMs`),
 * for at most `maxWaitMs`; says how busy it was when the wait ended and how long it took.
 */
export const awaitQuiet = async (maxWaitMs: number, sampleMs = 500, threshold = 0.25): Promise<{ readonly otherCores: number; readonly waitedMs: number }> => {
  const started = Date.now()
  for (;;) {
    const otherCores = await otherCoresOver(sampleMs)
    const waitedMs = Date.now() - started
    if (otherCores < threshold || waitedMs >= maxWaitMs) return { otherCores, waitedMs }
  }
}

/**
 * How many times, machine-wide, a listening socket's accept queue was full and a connection was
 * dropped (`TcpExt: ListenOverflows` in /proc/net/netstat): a relay too busy to accept.
 */
export const listenOverflows = (): number => {
  const [names, values] = readFileSync("/proc/net/netstat", "utf8")
    .split("\n")
    .filter((line) => line.startsWith("TcpExt:"))
    .map((line) => line.trim().split(/\s+/))
  const index = names?.indexOf("ListenOverflows") ?? -1
  return index < 0 ? Number.NaN : Number(values?.[index])
}
