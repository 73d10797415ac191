/**
 * The building-block catalog as a service: the shipped entries (`src/catalog/data/`) merged with
 * the user's folder (`GTPLANNER_CATALOG_DIR`), validated and indexed once at startup. A bad
 * entry fails the layer — and so the startup — with its file and field named.
 */
import { NodeFileSystem } from "@effect/platform-node"
import { Context, Effect, Layer, Option } from "effect"
import { join } from "node:path"
import { packageRoot } from "../PackageRoot.js"
import { AppConfig } from "../config/AppConfig.js"
import { CatalogIndex } from "./CatalogIndex.js"
import { type CatalogInvalid, loadFolder, mergeCatalogs } from "./CatalogLoader.js"

/** The folder of entries shipped with the project. */
export const SHIPPED_CATALOG_DIR = join(packageRoot, "src", "catalog", "data")

export class Catalog extends Context.Tag("gtplanner/Catalog")<Catalog, CatalogIndex>() {
  /** Loads the shipped entries and, when given, a user folder merged over them. */
  static load(userDir: Option.Option<string>): Effect.Effect<CatalogIndex, CatalogInvalid> {
    return Effect.gen(function* () {
      const shipped = yield* loadFolder(SHIPPED_CATALOG_DIR)
      const user = Option.isSome(userDir) ? yield* loadFolder(userDir.value) : []
      const merged = mergeCatalogs(shipped, user)
      yield* Effect.logInfo("building-block catalog loaded", { shipped: shipped.length, user: user.length, entries: merged.length })
      return new CatalogIndex(merged.map((l) => l.entry))
    }).pipe(Effect.provide(NodeFileSystem.layer))
  }

  /** The catalog the settings ask for. */
  static readonly layer: Layer.Layer<Catalog, CatalogInvalid, AppConfig> = Layer.effect(
    Catalog,
    Effect.flatMap(AppConfig, (config) => Catalog.load(config.planner.catalogDir))
  )
}
