/**
 * Where log lines go: the console — pretty in dev, one JSON object per line in prod — and, as
 * JSON lines, the log file. Run lines carry `session_id` and `run_id` as annotations.
 */
import { PlatformLogger } from "@effect/platform"
import type { PlatformError } from "@effect/platform/Error"
import { NodeFileSystem } from "@effect/platform-node"
import { Effect, Layer, Logger, type LogLevel, Option } from "effect"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"

export interface LoggingOptions {
  readonly format: "pretty" | "json"
  readonly level: LogLevel.LogLevel
  /** Also append JSON lines to this file. */
  readonly file: Option.Option<string>
}

export const LoggingLive = (options: LoggingOptions): Layer.Layer<never, PlatformError> =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const console = options.format === "pretty" ? Logger.prettyLogger({ colors: "auto" }) : Logger.withConsoleLog(Logger.jsonLogger)
      let logger: Logger.Logger<unknown, unknown> = console
      if (Option.isSome(options.file)) {
        const path = options.file.value
        yield* Effect.sync(() => mkdirSync(dirname(path), { recursive: true }))
        // Batched appends, flushed when the layer's scope closes (on shutdown).
        const toFile = yield* Logger.jsonLogger.pipe(PlatformLogger.toFile(path, { batchWindow: "200 millis" }))
        logger = Logger.zip(console, toFile)
      }
      // runMain installed its own pretty logger: replace both, or every line prints twice.
      return Layer.mergeAll(
        Logger.replace(Logger.defaultLogger, logger),
        Logger.remove(Logger.prettyLoggerDefault),
        Logger.minimumLogLevel(options.level)
      )
    })
  ).pipe(Layer.provide(NodeFileSystem.layer))
