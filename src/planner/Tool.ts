/**
 * A planner tool: an OpenAI function definition (JSON Schema generated from an effect Schema)
 * and an Effect that runs it. Tools return values — a result, the text the model reads, and the
 * keys they add to `tool_execution_results_updates` — and never share mutable state.
 */
import { Data, Effect, JSONSchema, ParseResult, Schema } from "effect"
import type { ToolExecutionResults, TurnContext } from "../domain/AgentContext.js"
import type { DocumentFormat } from "../domain/Events.js"
import type { ToolDefinition } from "../llm/LanguageModel.js"
import { t } from "./i18n/messages.js"

/** A tool that could not do its job; the message is shown to the user and to the model. */
export class ToolFailure extends Data.TaggedError("ToolFailure")<{
  readonly message: string
  readonly code?: string
}> {}

export interface ProgressInfo {
  readonly step?: number
  readonly total?: number
  readonly [key: string]: unknown
}

/** What a running tool may tell the stream. */
export interface ToolContext {
  readonly callId: string
  readonly turn: TurnContext
  /** The client's `tool_execution_results` merged with the updates of earlier rounds of this turn. */
  readonly state: ToolExecutionResults
  readonly progress: (message: string, info?: ProgressInfo) => Effect.Effect<void>
  readonly document: (doc: { readonly filename: string; readonly content: string; readonly format: DocumentFormat }) => Effect.Effect<void>
  /** A named custom event (the embedder's extension point), passed through every dialect. */
  readonly custom: (name: string, value: unknown) => Effect.Effect<void>
}

export interface ToolOutcome {
  /** Shown in `tool_call_end.result`. */
  readonly result: unknown
  /** What the model reads in the `tool` message; the JSON of `result` when absent. */
  readonly content?: string
  /** Keys added to `tool_execution_results_updates`. */
  readonly updates?: ToolExecutionResults
}

export interface Tool {
  readonly definition: ToolDefinition
  /** Decodes the raw arguments and runs the tool. */
  readonly run: (args: unknown, ctx: ToolContext) => Effect.Effect<ToolOutcome, ToolFailure>
}

export interface ToolSpec<A, I> {
  readonly name: string
  readonly description: string
  readonly parameters: Schema.Schema<A, I>
  readonly execute: (args: A, ctx: ToolContext) => Effect.Effect<ToolOutcome, ToolFailure>
}

const jsonSchemaOf = (schema: Schema.Schema.Any): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = JSONSchema.make(schema) as unknown as Record<string, unknown>
  return rest
}

/** Names each failing field of the arguments, e.g. `top_k: Expected a number, actual "five"`. */
export const describeParseError = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "arguments"}: ${issue.message}`)
    .join("; ")

export const make = <A, I>(spec: ToolSpec<A, I>): Tool => {
  const decode = Schema.decodeUnknown(spec.parameters, { errors: "all", onExcessProperty: "ignore" })
  return {
    definition: { name: spec.name, description: spec.description, parameters: jsonSchemaOf(spec.parameters) },
    run: (args, ctx) =>
      decode(args).pipe(
        Effect.mapError((error) => new ToolFailure({ message: t(ctx.turn.language).toolBadArguments(describeParseError(error)), code: "invalid_arguments" })),
        Effect.flatMap((decoded) => spec.execute(decoded, ctx))
      )
  }
}
