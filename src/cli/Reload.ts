/**
 * dev mode's reload on source change: this process supervises the server as a child process,
 * watches the source folder, and restarts the child (rebuilding first when it runs from the
 * compiled `dist/`) when a file changes. SIGINT/SIGTERM stop the child cleanly, then this.
 */
import { Effect, Queue } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, watch } from "node:fs"

export interface ReloadOptions {
  /** The command line of the server itself (this script, its arguments, plus `--no-reload`). */
  readonly args: ReadonlyArray<string>
  readonly watchDir: string
  /** Run before each restart, e.g. the build of `dist/`; none when running from source. */
  readonly rebuild: ReadonlyArray<string> | null
}

const run = (args: ReadonlyArray<string>) =>
  Effect.async<number>((resume) => {
    const child = spawn(process.execPath, [...args], { stdio: "inherit" })
    child.once("exit", (code) => resume(Effect.succeed(code ?? 1)))
  })

const startChild = (args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.sync(() => spawn(process.execPath, [...process.execArgv, ...args], { stdio: "inherit" })),
    (child) => stopChild(child)
  )

const stopChild = (child: ChildProcess) =>
  Effect.async<void>((resume) => {
    if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
    child.once("exit", () => resume(Effect.void))
    child.kill("SIGTERM")
  })

/** Supervises the server until interrupted; restarts it after every burst of changes. */
export const superviseWithReload = (options: ReloadOptions): Effect.Effect<void> =>
  Effect.scoped(
    Effect.gen(function* () {
      if (!existsSync(options.watchDir)) {
        yield* Effect.logWarning(`reload: ${options.watchDir} not found; running without reload`)
      }
      const changes = yield* Queue.sliding<string>(1)
      yield* Effect.acquireRelease(
        Effect.sync(() =>
          existsSync(options.watchDir)
            ? watch(options.watchDir, { recursive: true }, (_event, file) => void Queue.unsafeOffer(changes, String(file ?? "")))
            : null
        ),
        (watcher) => Effect.sync(() => watcher?.close())
      )
      yield* Effect.logInfo(`dev: watching ${options.watchDir} for changes (--no-reload turns this off)`)
      for (;;) {
        yield* Effect.scoped(
          Effect.gen(function* () {
            yield* startChild(options.args)
            const file = yield* Queue.take(changes)
            // Editors write in bursts: restart once nothing has changed for 200 ms.
            yield* Queue.take(changes).pipe(Effect.timeout("200 millis"), Effect.forever, Effect.ignore)
            yield* Effect.logInfo(`dev: ${file} changed; restarting the server`)
          })
        )
        if (options.rebuild) {
          const code = yield* run(options.rebuild)
          if (code !== 0) yield* Effect.logError("dev: the build failed; fix the error and save again")
        }
      }
    })
  )
