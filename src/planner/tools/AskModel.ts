/**
 * How a tool asks the model one focused question: a system prompt (instructions, in the run's
 * language) and a user message (the tagged data), answered whole. A model failure becomes a
 * `ToolFailure` in the user's language — the turn goes on and the orchestrator can react.
 */
import { Effect, Either, Schema } from "effect"
import type { Language } from "../../domain/Language.js"
import { complete, LanguageModel, type LanguageModelShape } from "../../llm/LanguageModel.js"
import type { LlmError } from "../../llm/LlmError.js"
import { t } from "../i18n/messages.js"
import { ToolFailure } from "../Tool.js"

export interface Question {
  readonly system: string
  readonly user: string
  readonly language: Language
}

export const llmFailure = (language: Language, error: LlmError): ToolFailure =>
  new ToolFailure({ message: t(language).llmError[error.code], code: error.code })

/** The model's whole answer, or the model's failure as a `ToolFailure`. */
export const askModel = (llm: LanguageModelShape, question: Question): Effect.Effect<string, ToolFailure> =>
  complete({
    messages: [
      { role: "system", content: question.system },
      { role: "user", content: question.user }
    ]
  }).pipe(
    Effect.provideService(LanguageModel, llm),
    Effect.mapError((error) => llmFailure(question.language, error))
  )

/**
 * The JSON object in a model's answer, decoded with `schema`. Models wrap JSON in fences or
 * sentences despite being asked not to, so the outermost `{…}` is taken.
 */
export const parseJsonAnswer = <A, I>(schema: Schema.Schema<A, I>, text: string): Either.Either<A, string> => {
  const start = text.indexOf("{")
  const end = text.lastIndexOf("}")
  if (start === -1 || end <= start) return Either.left("no JSON object in the answer")
  let raw: unknown
  try {
    raw = JSON.parse(text.slice(start, end + 1))
  } catch (error) {
    return Either.left(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  return Schema.decodeUnknownEither(schema, { onExcessProperty: "ignore" })(raw).pipe(Either.mapLeft((e) => e.message))
}
