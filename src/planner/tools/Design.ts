/**
 * `design` (spec 03): the design documents, from the plan (this turn's or the client's), the
 * recommended building blocks and the research. `quick` writes `design.md` in one model call;
 * `deep` runs the staged pipeline of `DeepDesign.ts`. Documents are emitted after the call ends
 * and kept in `tool_execution_results_updates.documents`; the model reads only a summary.
 */
import { Effect, Schema } from "effect"
import type { LanguageModelShape } from "../../llm/LanguageModel.js"
import { t } from "../i18n/messages.js"
import { formatRecommendations, formatResearch, planOf, recommendationsOf, researchOf } from "../PlanningState.js"
import { tagged } from "../prompts/PromptBook.js"
import { promptBook } from "../prompts/Prompts.js"
import * as Tool from "../Tool.js"
import { askModel } from "./AskModel.js"
import { type DesignDocument, type DesignInput, runDeepDesign } from "./DeepDesign.js"
import { headingsOf, systemName, unwrapDocument } from "./DesignDocuments.js"

export const DesignParameters = Schema.Struct({
  user_requirements: Schema.String.pipe(Schema.minLength(1)).annotations({
    description: "The complete requirements to design for: the idea, the agreed scope and every decision taken with the user."
  }),
  design_mode: Schema.Literal("quick", "deep").annotations({
    description: "quick: one design document. deep: six staged documents (requirements, architecture, flows, data model, components, complete)."
  })
})

const quickDesign = (llm: LanguageModelShape, input: DesignInput, progress: (message: string, info: Tool.ProgressInfo) => Effect.Effect<void>) =>
  Effect.gen(function* () {
    const m = t(input.language).design
    yield* progress(m.writingQuick, { step: 1, total: 1 })
    const user = tagged([
      ["user_requirements", input.requirements],
      ["plan", input.plan],
      ["recommended_building_blocks", input.buildingBlocks],
      ["research_findings", input.research]
    ])
    const content = unwrapDocument(yield* askModel(llm, { system: promptBook(input.language).design.quick, user, language: input.language }))
    if (content === "") return yield* Effect.fail(new Tool.ToolFailure({ message: m.emptyDocument("design.md"), code: "empty_document" }))
    return [{ filename: "design.md", content }] as ReadonlyArray<DesignDocument>
  })

export const make = (llm: LanguageModelShape, settings: { readonly concurrency: number }): Tool.Tool =>
  Tool.make({
    name: "design",
    description:
      "Write the design documents once the plan is agreed and the user has chosen the mode: 'quick' gives one design.md, 'deep' gives six staged documents. Needs a plan from short_planning.",
    parameters: DesignParameters,
    execute: (args, ctx) =>
      Effect.gen(function* () {
        const language = ctx.turn.language
        const plan = planOf(ctx.state)
        if (plan === undefined) {
          return yield* Effect.fail(new Tool.ToolFailure({ message: t(language).design.needsPlan, code: "plan_required" }))
        }
        const blocks = recommendationsOf(ctx.state)
        const research = researchOf(ctx.state)
        const input: DesignInput = {
          language,
          system: systemName(plan, args.user_requirements),
          requirements: args.user_requirements,
          plan,
          buildingBlocks: blocks.length > 0 ? formatRecommendations(blocks) : undefined,
          research: research ? formatResearch(research) : undefined
        }
        const documents =
          args.design_mode === "quick" ? yield* quickDesign(llm, input, ctx.progress) : yield* runDeepDesign(llm, input, ctx.progress, settings.concurrency)
        for (const doc of documents) yield* ctx.document({ filename: doc.filename, content: doc.content, format: "markdown" })
        const summary = {
          design_mode: args.design_mode,
          documents: documents.map((d) => ({ filename: d.filename, bytes: Buffer.byteLength(d.content), headings: headingsOf(d.content, 12) }))
        }
        return {
          result: summary,
          content: JSON.stringify(summary),
          updates: { documents: documents.map((d) => ({ filename: d.filename, format: "markdown", content: d.content })) }
        }
      })
  })
