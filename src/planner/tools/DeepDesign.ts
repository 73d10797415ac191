/**
 * The staged pipeline of a deep design (spec 03): requirements → architecture → key flows →
 * data model → component design (one model call per component, at most `concurrency` at once)
 * → the assembled complete design. Each stage reports its progress; each returns a document.
 */
import { Effect, Either, Schema } from "effect"
import type { Language } from "../../domain/Language.js"
import type { LanguageModelShape } from "../../llm/LanguageModel.js"
import { t } from "../i18n/messages.js"
import { tagged } from "../prompts/PromptBook.js"
import { promptBook } from "../prompts/Prompts.js"
import * as Tool from "../Tool.js"
import { askModel, parseJsonAnswer } from "./AskModel.js"
import { assembleComplete, headingsOf, unwrapDocument } from "./DesignDocuments.js"

export interface DesignInput {
  readonly language: Language
  readonly system: string
  readonly requirements: string
  readonly plan: string
  readonly buildingBlocks: string | undefined
  readonly research: string | undefined
}

export interface DesignDocument {
  readonly filename: string
  readonly content: string
}

const ComponentList = Schema.Struct({
  components: Schema.Array(Schema.Struct({ name: Schema.String.pipe(Schema.minLength(1)), responsibility: Schema.String })).pipe(Schema.minItems(1))
})

const MAX_COMPONENTS = 8
const STAGES = 6

/**
 * The components when the model's list is unusable: the rows of the architecture's first table
 * (the prompt asks for a component table), else one component for the whole system.
 */
export const componentsFromArchitecture = (architecture: string, system: string): ReadonlyArray<{ name: string; responsibility: string }> => {
  const rows = architecture
    .split("\n")
    .filter((line) => /^\s*\|/.test(line) && !/^\s*\|[\s:|-]+\|\s*$/.test(line))
    .map((line) => line.split("|").map((cell) => cell.trim().replaceAll(/[*`]/g, "")).filter((cell) => cell !== ""))
  const body = rows.slice(1).filter((cells) => cells.length >= 2)
  return body.length > 0
    ? body.slice(0, MAX_COMPONENTS).map((cells) => ({ name: cells[0]!, responsibility: cells[1]! }))
    : [{ name: system, responsibility: "" }]
}

export const runDeepDesign = (
  llm: LanguageModelShape,
  input: DesignInput,
  progress: (message: string, info: Tool.ProgressInfo) => Effect.Effect<void>,
  concurrency: number
): Effect.Effect<ReadonlyArray<DesignDocument>, Tool.ToolFailure> =>
  Effect.gen(function* () {
    const { language } = input
    const m = t(language).design
    const prompts = promptBook(language).design
    const stage = (step: number, key: keyof typeof m.stageNames) => progress(m.stage(step, STAGES, m.stageNames[key]), { step, total: STAGES, stage: key })
    const write = (filename: string, system: string, pieces: ReadonlyArray<readonly [string, string | undefined]>) =>
      askModel(llm, { system, user: tagged(pieces), language }).pipe(
        Effect.map(unwrapDocument),
        Effect.filterOrFail(
          (content) => content !== "",
          () => new Tool.ToolFailure({ message: m.emptyDocument(filename), code: "empty_document" })
        )
      )
    const base = [
      ["user_requirements", input.requirements],
      ["plan", input.plan]
    ] as const
    const extras = [
      ["recommended_building_blocks", input.buildingBlocks],
      ["research_findings", input.research]
    ] as const

    yield* stage(1, "requirements")
    const requirements = yield* write("01_requirements_analysis.md", prompts.requirements, [...base, ...extras])

    yield* stage(2, "architecture")
    const architecture = yield* write("02_architecture.md", prompts.architecture, [...base, ["requirements_analysis", requirements], ...extras])

    yield* stage(3, "flows")
    const flows = yield* write("03_flows.md", prompts.flows, [...base, ["architecture", architecture]])

    yield* stage(4, "dataModel")
    const dataModel = yield* write("04_data_model.md", prompts.dataModel, [...base, ["architecture", architecture]])

    yield* stage(5, "components")
    const listed = yield* askModel(llm, { system: prompts.components, user: tagged([["architecture", architecture]]), language })
    const parsed = parseJsonAnswer(ComponentList, listed)
    const components = Either.isRight(parsed)
      ? parsed.right.components.slice(0, MAX_COMPONENTS)
      : componentsFromArchitecture(architecture, input.system)
    const sections = yield* Effect.forEach(
      components,
      (component, i) =>
        progress(m.component(component.name, i + 1, components.length), { step: 5, total: STAGES, stage: "components", component: component.name, index: i + 1, count: components.length }).pipe(
          Effect.zipRight(
            write("05_component_design.md", prompts.component, [
              ["component", `${component.name}\n${component.responsibility}`.trim()],
              ["architecture", architecture],
              ["data_model", dataModel],
              ["plan", input.plan]
            ])
          )
        ),
      { concurrency }
    )
    const componentDesign = `# ${m.componentTitle(input.system)}\n\n${sections.join("\n\n")}\n`

    yield* stage(6, "complete")
    const closing = yield* write("06_design_complete.md", prompts.delivery, [...base, ["architecture", architecture], ["flows", flows]])
    const documents: ReadonlyArray<DesignDocument> = [
      { filename: "01_requirements_analysis.md", content: requirements },
      { filename: "02_architecture.md", content: architecture },
      { filename: "03_flows.md", content: flows },
      { filename: "04_data_model.md", content: dataModel },
      { filename: "05_component_design.md", content: componentDesign }
    ]
    const complete = assembleComplete({
      title: m.completeTitle(input.system),
      note: m.generatedBy,
      contentsHeading: t(language).design.contents,
      chapters: documents.map((d) => ({ title: headingsOf(d.content, 1)[0] ?? d.filename, content: d.content })),
      closing
    })
    return [...documents, { filename: "06_design_complete.md", content: complete }]
  })
