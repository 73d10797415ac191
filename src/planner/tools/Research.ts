/**
 * `research` (spec 03), offered only when a web-search provider is configured: per keyword —
 * at most `concurrency` at a time — search the web, read the top pages, and ask the model for
 * a summary, key points and recommendations. A keyword that fails is recorded with its error;
 * the tool fails only when every keyword failed. Result → `research_findings`, which the
 * planning and design prompts read (upstream defect 10).
 */
import { Effect, Either, Schema } from "effect"
import type { Language } from "../../domain/Language.js"
import type { LanguageModelShape } from "../../llm/LanguageModel.js"
import type { ResearchError, WebResearchShape } from "../../research/WebResearch.js"
import { t } from "../i18n/messages.js"
import { type KeywordFinding, planOf, type ResearchFindings } from "../PlanningState.js"
import { tagged } from "../prompts/PromptBook.js"
import { promptBook } from "../prompts/Prompts.js"
import * as Tool from "../Tool.js"
import { askModel, parseJsonAnswer } from "./AskModel.js"
import { userWords } from "./UserWords.js"

export interface ResearchSettings {
  readonly concurrency: number
  readonly pagesPerKeyword: number
  readonly pageChars: number
}

const NonEmpty = Schema.String.pipe(Schema.minLength(1))

export const ResearchParameters = Schema.Struct({
  keywords: Schema.Array(NonEmpty).pipe(Schema.minItems(1), Schema.maxItems(8)).annotations({
    description: "Focused search phrases, one per topic to research (1-8), e.g. 'Stripe subscription webhooks'."
  }),
  focus_areas: Schema.Array(NonEmpty).annotations({
    description: "What to find out about them, e.g. 'pricing', 'rate limits', 'integration effort'."
  }),
  project_context: Schema.optional(Schema.String.annotations({ description: "A short description of the project, so findings stay relevant." }))
})

const Analysis = Schema.Struct({
  summary: Schema.String,
  key_points: Schema.Array(Schema.String),
  recommendations: Schema.Array(Schema.String),
  relevance: Schema.optionalWith(Schema.Number, { default: () => 0.5 })
})

/** A failed keyword's error, in the user's language. */
const describe = (language: Language, error: ResearchError): string => {
  const m = t(language).research
  if (error.reason.startsWith("no answer within")) return m.timedOut
  return error.operation === "search" ? m.searchFailed(error.status) : m.readFailed
}

export const make = (llm: LanguageModelShape, web: WebResearchShape, settings: ResearchSettings): Tool.Tool =>
  Tool.make({
    name: "research",
    description:
      "Research building blocks or technical questions on the web: searches each keyword, reads the top pages and summarises what matters for the project (facts, limits, pricing, advice).",
    parameters: ResearchParameters,
    execute: (args, ctx) =>
      Effect.gen(function* () {
        const language = ctx.turn.language
        const m = t(language).research
        const total = args.keywords.length
        const context = args.project_context ?? planOf(ctx.state) ?? userWords(ctx.turn.history)
        yield* ctx.progress(m.starting(total), { step: 0, total })

        const one = (keyword: string, index: number): Effect.Effect<KeywordFinding> => {
          const info = { step: index + 1, total, keyword }
          const failed = (error: string): Effect.Effect<KeywordFinding> =>
            ctx.progress(m.failed(keyword), { ...info, success: false }).pipe(Effect.as({ keyword, success: false as const, error }))
          return Effect.gen(function* () {
            yield* ctx.progress(m.searching(keyword), info)
            const hits = yield* web.search(keyword).pipe(Effect.either)
            if (Either.isLeft(hits)) {
              yield* Effect.logWarning("research: search failed", { keyword, detail: hits.left.message })
              return yield* failed(describe(language, hits.left))
            }
            const top = hits.right.slice(0, settings.pagesPerKeyword)
            if (top.length === 0) return yield* failed(m.noResults)
            yield* ctx.progress(m.reading(keyword, top.length), info)
            const pages = yield* Effect.forEach(top, (hit) => web.read(hit.url).pipe(Effect.either), { concurrency: top.length })
            const read = pages.flatMap((p) => (Either.isRight(p) && p.right.content.trim() !== "" ? [p.right] : []))
            if (read.length === 0) return yield* failed(m.readFailed)
            yield* ctx.progress(m.analysing(keyword), info)
            const user = tagged([
              ["keyword", keyword],
              ["focus_areas", args.focus_areas.map((f) => `- ${f}`).join("\n")],
              ["project_context", context],
              ["sources", read.map((p) => `## ${p.title}\n${p.url}\n\n${p.content.slice(0, settings.pageChars)}`).join("\n\n")]
            ])
            const answer = yield* askModel(llm, { system: promptBook(language).researchAnalysis, user, language }).pipe(Effect.either)
            if (Either.isLeft(answer)) return yield* failed(answer.left.message)
            const analysis = parseJsonAnswer(Analysis, answer.right)
            if (Either.isLeft(analysis)) return yield* failed(m.unreadableAnalysis)
            yield* ctx.progress(m.done(keyword), { ...info, success: true })
            return {
              keyword,
              success: true as const,
              summary: analysis.right.summary,
              key_points: analysis.right.key_points,
              recommendations: analysis.right.recommendations,
              relevance: Math.min(1, Math.max(0, analysis.right.relevance)),
              sources: read.map((p) => ({ url: p.url, title: p.title }))
            }
          })
        }

        const results = yield* Effect.forEach(args.keywords, one, { concurrency: settings.concurrency })
        const succeeded = results.filter((r) => r.success)
        if (succeeded.length === 0) {
          const reasons = results.map((r) => (r.success ? "" : `${r.keyword}: ${r.error}`)).join("; ")
          return yield* Effect.fail(new Tool.ToolFailure({ message: `${m.allFailed} ${reasons}`, code: "research_failed" }))
        }
        const findings: ResearchFindings = {
          keywords: args.keywords,
          focus_areas: args.focus_areas,
          results,
          summary: [m.summary(succeeded.length, total), ...succeeded.map((r) => (r.success ? `${r.keyword}: ${r.summary}` : ""))].join("\n")
        }
        return { result: findings, updates: { research_findings: findings } }
      })
  })
