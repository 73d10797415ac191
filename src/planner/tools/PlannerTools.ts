/**
 * The planner's four tools as the `ToolRegistry`: built from the model, the building-block
 * catalog and — only when a search key is configured — the web-research provider, so `research`
 * is offered to the model only when it can work.
 */
import { Duration, Effect, Layer, Option } from "effect"
import { Catalog } from "../../catalog/Catalog.js"
import type { CatalogInvalid } from "../../catalog/CatalogLoader.js"
import { AppConfig } from "../../config/AppConfig.js"
import { LanguageModel } from "../../llm/LanguageModel.js"
import * as JinaResearch from "../../research/JinaResearch.js"
import { WebResearch } from "../../research/WebResearch.js"
import type { Tool } from "../Tool.js"
import { makeRegistry, ToolRegistry } from "../ToolRegistry.js"
import * as Design from "./Design.js"
import * as Research from "./Research.js"
import * as ShortPlanning from "./ShortPlanning.js"
import * as ToolRecommend from "./ToolRecommend.js"

/** The web-research provider the settings configure, if any. */
export const webResearchFromConfig: Effect.Effect<Option.Option<typeof WebResearch.Service>, never, AppConfig> = Effect.gen(function* () {
  const { planner } = yield* AppConfig
  if (Option.isNone(planner.jinaApiKey)) return Option.none()
  const provider = yield* WebResearch.pipe(
    Effect.provide(
      JinaResearch.layer({
        apiKey: planner.jinaApiKey.value,
        searchBaseUrl: planner.searchBaseUrl,
        readerBaseUrl: planner.readerBaseUrl,
        timeout: Duration.seconds(planner.researchTimeoutS)
      })
    )
  )
  return Option.some(provider)
})

/** The registry of the four planning tools (research only with a search key). */
export const PlannerToolsLive: Layer.Layer<ToolRegistry, CatalogInvalid, LanguageModel | AppConfig> = Layer.effect(
  ToolRegistry,
  Effect.gen(function* () {
    const llm = yield* LanguageModel
    const catalog = yield* Catalog
    const { planner } = yield* AppConfig
    const web = yield* webResearchFromConfig
    const tools: Array<Tool> = [ShortPlanning.make(llm), ToolRecommend.make(llm, catalog)]
    if (Option.isSome(web)) {
      tools.push(
        Research.make(llm, web.value, {
          concurrency: planner.researchConcurrency,
          pagesPerKeyword: planner.researchPages,
          pageChars: planner.researchPageChars
        })
      )
    }
    tools.push(Design.make(llm, { concurrency: planner.designConcurrency }))
    return makeRegistry(tools)
  })
).pipe(Layer.provide(Catalog.layer))
