/**
 * The server command (`npm start -- <options>`): options → settings → launch. `--help` lists
 * everything; see the README for each option and setting.
 */
import { Command, HelpDoc, Options, ValidationError } from "@effect/cli"
import { HttpServer } from "@effect/platform"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Data, Effect, FiberRef, Layer, LogLevel, Option } from "effect"
import { availableParallelism } from "node:os"
import { dirname, join, resolve } from "node:path"
import { ServerLive } from "./App.js"
import { checkHealth } from "./cli/HealthCheck.js"
import { isWorker, runPrimary } from "./cli/Cluster.js"
import { superviseWithReload } from "./cli/Reload.js"
import { probeModel, requirements } from "./cli/StartupChecks.js"
import { AppConfig, type AppConfigShape, fromConfig } from "./config/AppConfig.js"
import { describeConfigError } from "./config/ConfigProblems.js"
import { providerWith, readEnvFile } from "./config/EnvFile.js"
import { LoggingLive } from "./Logging.js"
import { instanceInfo, VERSION } from "./ServerInfo.js"

/** Ends the command with exit code 1 after printing these lines to stderr. */
class Exit extends Data.TaggedError("Exit")<{ readonly lines: ReadonlyArray<string> }> {}

const invalid = (text: string) => Effect.fail(ValidationError.invalidValue(HelpDoc.p(text)))

const oneOf =
  <const A extends string>(option: string, values: ReadonlyArray<A>) =>
  (value: string) =>
    (values as ReadonlyArray<string>).includes(value)
      ? Effect.succeed(value as A)
      : invalid(`${option} must be one of ${values.join(", ")} (got ${JSON.stringify(value)})`)

const wholeNumber = (option: string, min: number, max: number) => (value: string) => {
  const n = Number(value)
  return /^\d+$/.test(value) && n >= min && n <= max
    ? Effect.succeed(n)
    : invalid(`${option} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`)
}

const options = {
  mode: Options.text("mode").pipe(
    Options.withPseudoName("dev|prod"),
    Options.withDescription("dev: pretty logs, reload on source change. prod: JSON logs, --workers processes. Default: dev."),
    Options.withDefault("dev"),
    Options.mapEffect(oneOf("--mode", ["dev", "prod"]))
  ),
  host: Options.text("host").pipe(
    Options.withPseudoName("ADDRESS"),
    Options.withDescription("Bind address (default GTPLANNER_HOST, else 127.0.0.1)."),
    Options.optional
  ),
  port: Options.text("port").pipe(
    Options.withPseudoName("PORT"),
    Options.withDescription("Port; 0 = any free port, logged (default GTPLANNER_PORT, else 11211)."),
    Options.mapEffect(wholeNumber("--port", 0, 65535)),
    Options.optional
  ),
  workers: Options.text("workers").pipe(
    Options.withPseudoName("N"),
    Options.withDescription("Processes sharing the port (node:cluster); a worker that dies is replaced. Default: 1 in dev, the number of CPUs in prod."),
    Options.mapEffect(wholeNumber("--workers", 1, 64)),
    Options.optional
  ),
  logFile: Options.text("log-file").pipe(
    Options.withPseudoName("PATH"),
    Options.withDescription("Also write JSON log lines to this file (default logs/gtplanner.log)."),
    Options.optional
  ),
  noLogFile: Options.boolean("no-log-file").pipe(Options.withDescription("Do not write a log file.")),
  check: Options.boolean("check").pipe(
    Options.withDescription("Health-check a running server at --host/--port (GET /health): exit 0 when healthy, 1 otherwise.")
  ),
  envFile: Options.text("env-file").pipe(
    Options.withPseudoName("PATH"),
    Options.withDescription("Read settings from this file (default .env when present); the environment wins over it."),
    Options.optional
  ),
  noReload: Options.boolean("no-reload").pipe(Options.withDescription("dev: do not restart on source changes."))
}

type Parsed = Command.Command.ParseConfig<typeof options>

/** `--log-level` is @effect/cli's built-in option: it sets the minimum level this runs under. */
const chosenLevel = Effect.map(FiberRef.get(FiberRef.currentMinimumLogLevel), (level) =>
  LogLevel.lessThan(level, LogLevel.Debug) ? LogLevel.Debug : level
)

const serveForever = (config: AppConfigShape) =>
  Layer.launch(
    Layer.effectDiscard(
      Effect.gen(function* () {
        const { address } = yield* HttpServer.HttpServer
        const url = address._tag === "TcpAddress" ? `http://${address.hostname}:${address.port}` : address.path
        const { worker } = instanceInfo()
        yield* Effect.logInfo(`GTPlanner ${VERSION} listening on ${url}${worker === null ? "" : ` (worker ${worker})`}`)
        yield* Effect.forkDaemon(probeModel(config))
      })
    ).pipe(Layer.provide(ServerLive()), Layer.provide(AppConfig.layer(config)))
  )

const program = (o: Parsed) =>
  Effect.gen(function* () {
    const level = yield* chosenLevel
    const fileVars = yield* readEnvFile(Option.getOrUndefined(o.envFile)).pipe(
      Effect.mapError((e) => new Exit({ lines: [e.message] }))
    )
    const loaded = yield* fromConfig.pipe(
      Effect.withConfigProvider(providerWith(fileVars)),
      Effect.mapError((e) => new Exit({ lines: ["Invalid settings:", ...describeConfigError(e).map((l) => `  ${l}`)] }))
    )
    const config = { ...loaded, host: Option.getOrElse(o.host, () => loaded.host), port: Option.getOrElse(o.port, () => loaded.port) }

    if (o.check) {
      const result = yield* checkHealth(config.host, config.port)
      if (!result.healthy) return yield* new Exit({ lines: [result.line] })
      yield* Effect.sync(() => console.log(result.line))
      return
    }
    const problems = requirements(config)
    if (problems.length > 0) return yield* new Exit({ lines: ["Cannot start:", ...problems.map((p) => `  ${p}`)] })

    const workers = Option.getOrElse(o.workers, () => (o.mode === "prod" ? availableParallelism() : 1))
    const logging = LoggingLive({
      format: o.mode === "prod" ? "json" : "pretty",
      level,
      file: o.noLogFile ? Option.none() : Option.some(Option.getOrElse(o.logFile, () => "logs/gtplanner.log"))
    })
    const withLogging = <A, E>(effect: Effect.Effect<A, E>) =>
      effect.pipe(
        Effect.annotateLogs(isWorker() ? { pid: process.pid, worker: instanceInfo().worker } : {}),
        Effect.provide(logging),
        Effect.mapError((e) => (e instanceof Exit ? e : new Exit({ lines: [`Cannot start: ${String(e)}`] })))
      )

    if (o.mode === "dev" && !o.noReload && !isWorker()) {
      const script = resolve(process.argv[1] ?? "dist/main.js")
      // The project root holds src/ and scripts/, whether this runs as dist/main.js or src/main.ts.
      const root = dirname(dirname(script))
      const args = [script, ...process.argv.slice(2), "--no-reload"]
      return yield* withLogging(
        superviseWithReload({
          args,
          watchDir: join(root, "src"),
          rebuild: script.endsWith(".js") ? [join(root, "scripts/build.mjs")] : null
        })
      )
    }
    if (workers > 1 && !isWorker()) return yield* withLogging(runPrimary(workers))
    return yield* withLogging(serveForever(config))
  })

const command = Command.make("gtplanner", options, program)

/**
 * @effect/cli reads its built-in options (`--log-level`, `--help`, …) only before the command's
 * own; users write them anywhere, so `--log-level X` is moved to the front.
 */
const builtInsFirst = (argv: ReadonlyArray<string>): Array<string> => {
  const [node = "node", script = "main", ...rest] = argv
  const front: Array<string> = []
  const others: Array<string> = []
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!
    if (arg === "--log-level" && i + 1 < rest.length) front.push(arg, rest[++i]!)
    else if (arg.startsWith("--log-level=")) front.push("--log-level", arg.slice("--log-level=".length))
    else others.push(arg)
  }
  return [node, script, ...front, ...others]
}

Command.run(command, { name: "gtplanner", version: VERSION })(builtInsFirst(process.argv)).pipe(
  // Every refusal is printed as plain lines; the failure then makes runMain exit with 1.
  Effect.tapErrorTag("Exit", (e) => Effect.sync(() => e.lines.forEach((line) => console.error(line)))),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true })
)
