/**
 * The planning state the client carries between turns (`tool_execution_results`): the plan, the
 * recommended building blocks, the research findings and the documents. Read leniently — it
 * comes back from a client — and rendered as text for prompts.
 */
import { Option, Schema } from "effect"
import type { ToolExecutionResults } from "../domain/AgentContext.js"

export const RecommendedTool = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  type: Schema.String,
  summary: Schema.String,
  score: Schema.Number,
  reason: Schema.optional(Schema.String),
  homepage: Schema.optional(Schema.String),
  install: Schema.optional(Schema.String)
})
export type RecommendedTool = typeof RecommendedTool.Type

export const KeywordFinding = Schema.Union(
  Schema.Struct({
    keyword: Schema.String,
    success: Schema.Literal(true),
    summary: Schema.String,
    key_points: Schema.Array(Schema.String),
    recommendations: Schema.Array(Schema.String),
    relevance: Schema.optional(Schema.Number),
    sources: Schema.Array(Schema.Struct({ url: Schema.String, title: Schema.String }))
  }),
  Schema.Struct({ keyword: Schema.String, success: Schema.Literal(false), error: Schema.String })
)
export type KeywordFinding = typeof KeywordFinding.Type

export const ResearchFindings = Schema.Struct({
  keywords: Schema.Array(Schema.String),
  focus_areas: Schema.Array(Schema.String),
  results: Schema.Array(KeywordFinding),
  summary: Schema.String
})
export type ResearchFindings = typeof ResearchFindings.Type

export const StoredDocument = Schema.Struct({ filename: Schema.String, format: Schema.String, content: Schema.String })

const decode = <A, I>(schema: Schema.Schema<A, I>, value: unknown): Option.Option<A> =>
  Schema.decodeUnknownOption(schema, { onExcessProperty: "ignore" })(value)

/** The current plan, when there is one. */
export const planOf = (state: ToolExecutionResults): string | undefined => {
  const plan = state["short_planning"]
  return typeof plan === "string" && plan.trim() !== "" ? plan : undefined
}

/** The recommended building blocks; malformed items are dropped. */
export const recommendationsOf = (state: ToolExecutionResults): ReadonlyArray<RecommendedTool> => {
  const value = state["recommended_tools"]
  return Array.isArray(value) ? value.flatMap((item) => Option.toArray(decode(RecommendedTool, item))) : []
}

export const researchOf = (state: ToolExecutionResults): ResearchFindings | undefined =>
  Option.getOrUndefined(decode(ResearchFindings, state["research_findings"]))

export const documentsOf = (state: ToolExecutionResults): ReadonlyArray<typeof StoredDocument.Type> => {
  const value = state["documents"]
  return Array.isArray(value) ? value.flatMap((item) => Option.toArray(decode(StoredDocument, item))) : []
}

/** One line per building block: `- Name (type, id): summary — reason`. */
export const formatRecommendations = (tools: ReadonlyArray<RecommendedTool>): string =>
  tools
    .map((t) => `- ${t.name} (${t.type}, ${t.id}): ${t.summary}${t.reason ? ` — ${t.reason}` : ""}${t.install ? ` [${t.install}]` : ""}`)
    .join("\n")

/** The findings as readable text: the overall summary, then per keyword its points and advice. */
export const formatResearch = (findings: ResearchFindings): string => {
  const parts = [findings.summary]
  for (const r of findings.results) {
    if (!r.success) continue
    parts.push(
      [
        `### ${r.keyword}`,
        r.summary,
        ...r.key_points.map((p) => `- ${p}`),
        ...r.recommendations.map((p) => `- → ${p}`),
        ...r.sources.map((s) => `- ${s.title} <${s.url}>`)
      ].join("\n")
    )
  }
  return parts.join("\n\n")
}
