/**
 * Reads catalog folders: every `.yaml`, `.yml` and `.json` file, each holding one entry or a list.
 * A file that does not parse, an entry that does not validate, or an id used twice stops the
 * load with the file and the field named — a broken entry is never skipped silently.
 */
import { FileSystem } from "@effect/platform"
import { Data, Effect, Either, ParseResult, Schema } from "effect"
import { basename, extname, join } from "node:path"
import { parse as parseYaml } from "yaml"
import { type CatalogEntry, CatalogFile } from "./CatalogEntry.js"

export class CatalogInvalid extends Data.TaggedError("CatalogInvalid")<{
  readonly file: string
  /** The failing field's path, e.g. `[3].homepage`; absent when the whole file is unreadable. */
  readonly field?: string
  readonly reason: string
}> {
  override get message(): string {
    return `Invalid building-block catalog file ${this.file}${this.field ? `, field ${this.field}` : ""}: ${this.reason}`
  }
}

export interface LoadedEntry {
  readonly entry: CatalogEntry
  readonly file: string
}

const EXTENSIONS = new Set([".yaml", ".yml", ".json"])
const decodeFile = Schema.decodeUnknownEither(CatalogFile, { errors: "all", onExcessProperty: "error" })

const pathText = (path: ReadonlyArray<PropertyKey>): string =>
  path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("")

/** Decodes the text of one file into its entries. */
export const parseCatalogFile = (file: string, text: string): Either.Either<ReadonlyArray<CatalogEntry>, CatalogInvalid> => {
  let raw: unknown
  try {
    raw = extname(file) === ".json" ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    return Either.left(new CatalogInvalid({ file, reason: `not valid ${extname(file) === ".json" ? "JSON" : "YAML"}: ${error instanceof Error ? error.message : String(error)}` }))
  }
  return decodeFile(raw).pipe(
    Either.mapLeft((error) => {
      // A union of "one entry" and "a list": report against the shape the file actually has.
      const all = ParseResult.ArrayFormatter.formatErrorSync(error)
      const issues = all.filter((issue) =>
        Array.isArray(raw) ? typeof issue.path[0] === "number" : issue.path.length > 0 && typeof issue.path[0] !== "number"
      )
      const first = issues[0] ?? all[0]
      const field = first ? pathText(first.path) : ""
      const entry = Array.isArray(raw) && typeof first?.path[0] === "number" ? (raw[first.path[0]] as { id?: unknown } | undefined) : (raw as { id?: unknown } | undefined)
      const id = typeof entry?.id === "string" ? ` (entry "${entry.id}")` : ""
      return new CatalogInvalid({ file, ...(field ? { field } : {}), reason: `${first?.message ?? "invalid entry"}${id}` })
    }),
    Either.map((decoded) => (Array.isArray(decoded) ? decoded : [decoded as CatalogEntry]))
  )
}

/** Every entry of one folder, in file-name order; ids must be unique within the folder. */
export const loadFolder = (dir: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const names = yield* fs.readDirectory(dir).pipe(
      Effect.mapError((error) => new CatalogInvalid({ file: dir, reason: `cannot read the folder: ${error.message}` }))
    )
    const loaded: Array<LoadedEntry> = []
    const seen = new Map<string, string>()
    for (const name of [...names].filter((n) => EXTENSIONS.has(extname(n))).sort()) {
      const file = join(dir, name)
      const text = yield* fs.readFileString(file).pipe(Effect.mapError((error) => new CatalogInvalid({ file, reason: `cannot read: ${error.message}` })))
      const entries = yield* parseCatalogFile(file, text)
      for (const [i, entry] of entries.entries()) {
        const other = seen.get(entry.id)
        if (other !== undefined) {
          return yield* Effect.fail(
            new CatalogInvalid({ file, field: `[${i}].id`, reason: `id "${entry.id}" is already used in ${basename(other)}` })
          )
        }
        seen.set(entry.id, file)
        loaded.push({ entry, file })
      }
    }
    return loaded
  })

/**
 * The shipped entries with the user's folder merged over them: a user entry with a shipped id
 * replaces that entry (so users can correct or localize one), others are added.
 */
export const mergeCatalogs = (shipped: ReadonlyArray<LoadedEntry>, user: ReadonlyArray<LoadedEntry>): ReadonlyArray<LoadedEntry> => {
  const byId = new Map(shipped.map((l) => [l.entry.id, l]))
  for (const l of user) byId.set(l.entry.id, l)
  return [...byId.values()]
}
