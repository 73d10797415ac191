/**
 * Settings from a `.env` file (parsed with `dotenv`): the environment wins over the file, so a
 * deployment can override what a checked-in `.env` says.
 */
import { ConfigProvider, Data, Effect } from "effect"
import { parse } from "dotenv"
import { existsSync, readFileSync } from "node:fs"

export class EnvFileError extends Data.TaggedError("EnvFileError")<{ readonly path: string; readonly reason: string }> {
  override get message() {
    return `--env-file ${this.path}: ${this.reason}`
  }
}

/** The file's variables: `explicit` must exist; without it, `.env` is read when present. */
export const readEnvFile = (explicit: string | undefined): Effect.Effect<Record<string, string>, EnvFileError> =>
  Effect.try({
    try: () => {
      const path = explicit ?? ".env"
      if (explicit === undefined && !existsSync(path)) return {}
      return parse(readFileSync(path))
    },
    catch: (cause) =>
      new EnvFileError({
        path: explicit ?? ".env",
        reason: (cause as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String((cause as Error).message ?? cause)
      })
  })

/** The environment first, then the file. */
export const providerWith = (fileVars: Record<string, string>): ConfigProvider.ConfigProvider =>
  ConfigProvider.fromEnv().pipe(ConfigProvider.orElse(() => ConfigProvider.fromMap(new Map(Object.entries(fileVars)))))
