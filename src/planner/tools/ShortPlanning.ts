/**
 * `short_planning` (spec 03): a numbered, step-by-step implementation plan in markdown — the
 * functional scope first (`initial`), then with the chosen building blocks and research
 * (`technical`). A previous plan and the user's improvement points make it a revision, not a
 * restart. Result → `tool_execution_results_updates.short_planning`.
 */
import { Effect, Schema } from "effect"
import type { LanguageModelShape } from "../../llm/LanguageModel.js"
import { t } from "../i18n/messages.js"
import { formatRecommendations, formatResearch, planOf, recommendationsOf, researchOf } from "../PlanningState.js"
import { tagged } from "../prompts/PromptBook.js"
import { promptBook } from "../prompts/Prompts.js"
import * as Tool from "../Tool.js"
import { askModel } from "./AskModel.js"

export const ShortPlanningParameters = Schema.Struct({
  user_requirements: Schema.String.pipe(Schema.minLength(1)).annotations({
    description: "What the user wants built, in their own words, with every detail agreed so far."
  }),
  improvement_points: Schema.optionalWith(
    Schema.Array(Schema.String).annotations({ description: "The user's feedback on the previous plan, one point per item." }),
    { default: () => [] }
  ),
  planning_stage: Schema.optionalWith(
    Schema.Literal("initial", "technical").annotations({
      description: "initial: functional scope without technology choices. technical: integrate the recommended building blocks and research.",
      default: "initial"
    }),
    { default: () => "initial" as const }
  )
})

export const make = (llm: LanguageModelShape): Tool.Tool =>
  Tool.make({
    name: "short_planning",
    description:
      "Write or revise the step-by-step implementation plan (markdown). Use stage 'initial' to agree the functional scope, then 'technical' once building blocks are chosen. Pass the user's feedback as improvement_points to revise the current plan.",
    parameters: ShortPlanningParameters,
    execute: (args, ctx) =>
      Effect.gen(function* () {
        const language = ctx.turn.language
        const m = t(language)
        const technical = args.planning_stage === "technical"
        const progress = technical
          ? m.planning.technical
          : args.improvement_points.length > 0
            ? m.planning.refining(args.improvement_points.length)
            : m.planning.drafting
        yield* ctx.progress(progress, { step: 1, total: 1 })
        const research = researchOf(ctx.state)
        const user = tagged([
          ["user_requirements", args.user_requirements],
          ["planning_stage", args.planning_stage],
          ["previous_plan", planOf(ctx.state)],
          ["improvement_points", args.improvement_points.map((p) => `- ${p}`).join("\n")],
          // Building blocks and research shape only the technical plan; the initial one stays functional.
          ["recommended_building_blocks", technical ? formatRecommendations(recommendationsOf(ctx.state)) : undefined],
          ["research_findings", technical && research ? formatResearch(research) : undefined]
        ])
        const plan = (yield* askModel(llm, { system: promptBook(language).shortPlanning, user, language })).trim()
        if (plan === "") return yield* Effect.fail(new Tool.ToolFailure({ message: m.planning.empty, code: "empty_plan" }))
        return {
          result: { planning_stage: args.planning_stage, plan },
          content: plan,
          updates: { short_planning: plan }
        }
      })
  })
