/**
 * One building block of the catalog (spec 03): an API, a package or a service a planned system
 * can be built from. Entries are data files, decoded with this Schema at startup.
 */
import { Schema } from "effect"

const Text = Schema.Trim.pipe(Schema.nonEmptyString({ message: () => "must be a non-empty text" }))

export const BlockType = Schema.Literal("api", "package", "service").annotations({
  message: () => ({ message: 'must be "api", "package" or "service"', override: true })
})
export type BlockType = typeof BlockType.Type

const HttpUrl = Schema.String.pipe(
  Schema.filter((s) => {
    try {
      return ["http:", "https:"].includes(new URL(s).protocol)
    } catch {
      return false
    }
  }, { message: () => "must be an http(s) URL, e.g. https://stripe.com/docs" })
)

export const CatalogEntry = Schema.Struct({
  id: Schema.String.pipe(
    Schema.pattern(/^[a-z0-9][a-z0-9._-]*$/, { message: () => "must be lowercase letters, digits, '.', '_' or '-', e.g. stripe" })
  ),
  name: Text,
  type: BlockType,
  /** What kind of need it serves (payments, vector-store, …); searched like the tags. */
  category: Schema.optional(Text),
  summary: Text,
  description: Text,
  tags: Schema.Array(Text).pipe(Schema.minItems(1, { message: () => "must list at least one tag" })),
  homepage: HttpUrl,
  /** How to add it to a project, e.g. `npm i stripe`. */
  install: Schema.optional(Text),
  /** Environment variables it needs (API keys, URLs). */
  env: Schema.optionalWith(Schema.Array(Text), { default: () => [] }),
  /** Short usage examples or typical uses. */
  examples: Schema.optionalWith(Schema.Array(Text), { default: () => [] })
})
export type CatalogEntry = typeof CatalogEntry.Type

/** A catalog file holds one entry or a list of them. */
export const CatalogFile = Schema.Union(Schema.Array(CatalogEntry), CatalogEntry)
