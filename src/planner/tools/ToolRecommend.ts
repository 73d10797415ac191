/**
 * `tool_recommend` (spec 03): search the building-block catalog (BM25, fuzzy, prefix), then —
 * with the filter on — let the model keep the candidates that truly fit, each with a reason.
 * A filter that fails or answers nonsense falls back to the search ranking, never to an empty
 * list (upstream defect 11). Result → `recommended_tools`.
 */
import { Effect, Either, Schema } from "effect"
import { BlockType } from "../../catalog/CatalogEntry.js"
import type { CatalogIndex, SearchHit } from "../../catalog/CatalogIndex.js"
import type { LanguageModelShape } from "../../llm/LanguageModel.js"
import { userWords } from "./UserWords.js"
import { t } from "../i18n/messages.js"
import { planOf, type RecommendedTool } from "../PlanningState.js"
import { tagged } from "../prompts/PromptBook.js"
import { promptBook } from "../prompts/Prompts.js"
import * as Tool from "../Tool.js"
import { askModel, parseJsonAnswer } from "./AskModel.js"

export const ToolRecommendParameters = Schema.Struct({
  query: Schema.String.pipe(Schema.minLength(1)).annotations({
    description: "The capabilities needed, as concise English keywords, e.g. 'payments subscriptions email notifications'."
  }),
  top_k: Schema.optionalWith(
    Schema.Number.pipe(Schema.int(), Schema.between(1, 20)).annotations({ description: "How many building blocks to return (1-20).", default: 5 }),
    { default: () => 5 }
  ),
  tool_types: Schema.optional(
    Schema.Array(BlockType).annotations({ description: "Only these kinds of building block: api, package, service." })
  ),
  use_llm_filter: Schema.optionalWith(
    Schema.Boolean.annotations({ description: "Let the model keep only the candidates that truly fit (default true).", default: true }),
    { default: () => true }
  )
})

const FilterAnswer = Schema.Struct({
  selected: Schema.Array(Schema.Struct({ id: Schema.String, reason: Schema.String }))
})

const toRecommended = (hit: SearchHit, reason?: string): RecommendedTool => ({
  id: hit.entry.id,
  name: hit.entry.name,
  type: hit.entry.type,
  summary: hit.entry.summary,
  score: hit.score,
  ...(reason ? { reason } : {}),
  homepage: hit.entry.homepage,
  ...(hit.entry.install ? { install: hit.entry.install } : {})
})

/** The model's selection applied to the candidates: known ids only, in its order, no repeats. */
export const applySelection = (
  candidates: ReadonlyArray<SearchHit>,
  selected: ReadonlyArray<{ readonly id: string; readonly reason: string }>,
  topK: number
): ReadonlyArray<RecommendedTool> => {
  const byId = new Map(candidates.map((c) => [c.entry.id, c]))
  const seen = new Set<string>()
  const out: Array<RecommendedTool> = []
  for (const s of selected) {
    const hit = byId.get(s.id)
    if (!hit || seen.has(s.id)) continue
    seen.add(s.id)
    out.push(toRecommended(hit, s.reason.trim()))
  }
  return out.slice(0, topK)
}

export const make = (llm: LanguageModelShape, catalog: CatalogIndex): Tool.Tool =>
  Tool.make({
    name: "tool_recommend",
    description:
      "Find building blocks (APIs, packages, services) for the project in GTPlanner's catalog: LLM and embedding APIs, vector stores, search, speech, images, auth, payments, email/SMS, storage, queues, databases, caches, web frameworks, maps, weather, observability.",
    parameters: ToolRecommendParameters,
    execute: (args, ctx) =>
      Effect.gen(function* () {
        const language = ctx.turn.language
        const m = t(language)
        const total = args.use_llm_filter ? 2 : 1
        yield* ctx.progress(m.recommend.searching(args.query), { step: 1, total })
        const limit = args.use_llm_filter ? Math.min(Math.max(args.top_k * 2, 8), 30) : args.top_k
        const candidates = catalog.search(args.query, { limit, ...(args.tool_types ? { types: args.tool_types } : {}) })
        if (candidates.length === 0) {
          return yield* Effect.fail(new Tool.ToolFailure({ message: m.recommend.nothingFound(args.query), code: "no_match" }))
        }
        yield* ctx.progress(m.recommend.found(candidates.length), { step: 1, total, candidates: candidates.length })
        const ranking = candidates.slice(0, args.top_k).map((hit) => toRecommended(hit))

        let recommended: ReadonlyArray<RecommendedTool> = ranking
        let filtered = false
        if (args.use_llm_filter) {
          yield* ctx.progress(m.recommend.filtering(candidates.length), { step: 2, total })
          const user = tagged([
            ["query", args.query],
            ["project_context", planOf(ctx.state) ?? userWords(ctx.turn.history)],
            ["candidates", JSON.stringify(candidates.map((c) => ({ id: c.entry.id, name: c.entry.name, type: c.entry.type, summary: c.entry.summary })))],
            ["max_results", String(args.top_k)]
          ])
          const answer = yield* askModel(llm, { system: promptBook(language).recommendFilter, user, language }).pipe(Effect.either)
          const selection = Either.isRight(answer) ? parseJsonAnswer(FilterAnswer, answer.right) : Either.left(answer.left.message)
          const kept = Either.isRight(selection) ? applySelection(candidates, selection.right.selected, args.top_k) : []
          if (kept.length > 0) {
            recommended = kept
            filtered = true
          } else {
            yield* Effect.logWarning("tool_recommend: the model's filter was unusable; using the search ranking", {
              detail: Either.isLeft(selection) ? selection.left : "no known id selected"
            })
            yield* ctx.progress(m.recommend.filterFailed, { step: 2, total, fallback: true })
          }
        }
        return {
          result: { query: args.query, filtered, recommended_tools: recommended },
          updates: { recommended_tools: recommended }
        }
      })
  })
