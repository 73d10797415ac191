/**
 * prod mode's `--workers N`: the primary process forks N workers (node:cluster) that share the
 * port, replaces any that dies, and on SIGTERM stops them all gracefully. Workers run the same
 * command line; they serve, the primary only supervises.
 */
import { Duration, Effect } from "effect"
import cluster, { type Worker } from "node:cluster"
import os from "node:os"

/** Too many crashes in a row means something is wrong with the server itself: stop trying. */
const MAX_QUICK_CRASHES = 5
const QUICK = Duration.seconds(10)

const exitCode = (code: number | null, signal: string | null) =>
  code ?? (signal ? 128 + (os.constants.signals[signal as NodeJS.Signals] ?? 0) : 0)

const stopWorker = (worker: Worker) =>
  Effect.async<void>((resume) => {
    if (worker.isDead()) return resume(Effect.void)
    worker.once("exit", () => resume(Effect.void))
    worker.process.kill("SIGTERM")
  })

/** One worker slot: fork, wait for its exit, fork again after a crash. */
const slot = (index: number) =>
  Effect.gen(function* () {
    let quickCrashes = 0
    for (;;) {
      const started = Date.now()
      const code = yield* Effect.scoped(
        Effect.gen(function* () {
          const worker = yield* Effect.acquireRelease(
            Effect.sync(() => cluster.fork({ GTPLANNER_WORKER_INDEX: String(index) })),
            stopWorker
          )
          return yield* Effect.async<number>((resume) => {
            worker.once("exit", (code, signal) => resume(Effect.succeed(exitCode(code, signal))))
          })
        })
      )
      if (code === 0) return
      quickCrashes = Date.now() - started < Duration.toMillis(QUICK) ? quickCrashes + 1 : 0
      if (quickCrashes >= MAX_QUICK_CRASHES) {
        return yield* Effect.dieMessage(`worker ${index} crashed ${quickCrashes} times in a row within ${Duration.format(QUICK)}; giving up`)
      }
      yield* Effect.logWarning(`worker ${index} exited with code ${code}; starting a new one`)
    }
  })

export const runPrimary = (workers: number): Effect.Effect<void> =>
  Effect.logInfo(`primary ${process.pid}: starting ${workers} workers`).pipe(
    Effect.zipRight(Effect.forEach(Array.from({ length: workers }, (_, i) => i), slot, { concurrency: "unbounded", discard: true })),
    Effect.ensuring(Effect.logInfo("primary: all workers stopped"))
  )

export const isWorker = (): boolean => cluster.isWorker

export const workerIndex = (): number | null => {
  const raw = process.env["GTPLANNER_WORKER_INDEX"]
  return cluster.isWorker && raw !== undefined ? Number(raw) : null
}
