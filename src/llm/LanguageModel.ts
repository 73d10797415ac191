/**
 * The model, as the planner sees it: a streaming chat with tools, and a one-shot completion.
 * Implemented over the `openai` SDK for any OpenAI-compatible endpoint (`OpenAiLanguageModel.ts`).
 */
import { Chunk, Context, Effect, Stream } from "effect"
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions"
import type { LlmError } from "./LlmError.js"

export type ChatMessage = ChatCompletionMessageParam

/** An OpenAI function-calling tool definition; `parameters` is a JSON Schema object. */
export interface ToolDefinition {
  readonly name: string
  readonly description: string
  readonly parameters: Readonly<Record<string, unknown>>
}

export interface ChatRequest {
  readonly messages: ReadonlyArray<ChatMessage>
  readonly tools?: ReadonlyArray<ToolDefinition>
  readonly temperature?: number
}

export interface Usage {
  readonly prompt_tokens: number
  readonly completion_tokens: number
  readonly total_tokens: number
}

/** What a streaming reply is made of. Tool calls arrive whole, assembled from their deltas by index. */
export type ChatDelta =
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "ToolCall"; readonly index: number; readonly id: string; readonly name: string; readonly arguments: string }
  | { readonly _tag: "Finish"; readonly reason: string; readonly usage: Usage | null }

export interface LanguageModelShape {
  /** The model name sent with every request. */
  readonly model: string
  /** True when this is the built-in scripted demo model, not a configured provider. */
  readonly demo: boolean
  /** One streamed reply. Interrupting the stream aborts the HTTP request at once. */
  readonly streamChat: (request: ChatRequest) => Stream.Stream<ChatDelta, LlmError>
  /**
   * Optional: the same reply handed to `f` delta by delta, without a Stream in between. A model
   * that has it saves the stream machinery on every token (see `forEachDelta` below). It may call
   * `f` outside the caller's fiber, as the data arrives; whenever `f` returns anything but
   * `DeltaHandled`, the rest of the reply waits until that Effect has run on the caller's fiber.
   */
  readonly forEachDelta?: <E, R>(request: ChatRequest, f: (delta: ChatDelta) => Effect.Effect<void, E, R>) => Effect.Effect<void, LlmError | E, R>
}

export class LanguageModel extends Context.Tag("gtplanner/LanguageModel")<LanguageModel, LanguageModelShape>() {}

/**
 * What a `forEachDelta` consumer returns when it has handled a delta in full at the call (it did
 * its work there and then): the reply goes on without a step on the consumer's fiber. It is
 * `Effect.void` itself, so it also runs as an Effect. A consumer that does its work at the call
 * must be run delta by delta — every caller here runs `f`'s Effect before calling `f` again.
 */
export const DeltaHandled: Effect.Effect<void> = Effect.void

/** Runs `f` on each delta of one reply: the model's own `forEachDelta` when it has one. */
export const forEachDelta = <E, R>(
  model: LanguageModelShape,
  request: ChatRequest,
  f: (delta: ChatDelta) => Effect.Effect<void, E, R>
): Effect.Effect<void, LlmError | E, R> => (model.forEachDelta ? model.forEachDelta(request, f) : Stream.runForEach(model.streamChat(request), f))

/** The whole text of one reply, for tools that need an answer rather than a stream. */
export const complete = (request: ChatRequest): Effect.Effect<string, LlmError, LanguageModel> =>
  Effect.flatMap(LanguageModel, (model) =>
    model.streamChat(request).pipe(
      Stream.runFold(Chunk.empty<string>(), (acc, delta) => (delta._tag === "Text" ? Chunk.append(acc, delta.text) : acc)),
      Effect.map((parts) => Chunk.join(parts, ""))
    )
  )
