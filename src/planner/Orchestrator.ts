/**
 * One conversation turn (spec 03): call the model with the history and the tools, stream its
 * text, run the tool calls it makes (in parallel), give it one `tool` message per call, and
 * call it again — until it answers without tools or the round limit is reached. Everything the
 * turn does is told through `emit`; failures of the model end the turn truthfully.
 */
import { Clock, Effect, Either } from "effect"
import type { ToolExecutionResults, TurnContext } from "../domain/AgentContext.js"
import { type DataOf, makeEvent, type PlannerEvent } from "../domain/Events.js"
import { type Message, messageText, type ToolCall } from "../domain/Message.js"
import { TextBuilder } from "../domain/TextBuilder.js"
import { mergeToolResults } from "../domain/ToolResults.js"
import { type ChatMessage, DeltaHandled, forEachDelta, type LanguageModelShape, type Usage } from "../llm/LanguageModel.js"
import type { LlmError } from "../llm/LlmError.js"
import type { MetricsShape } from "../observability/Metrics.js"
import { t } from "./i18n/messages.js"
import { orchestratorPrompt } from "./prompts/orchestrator.js"
import { ToolFailure, type ToolOutcome } from "./Tool.js"
import { ToolCallTextFilter } from "./ToolCallText.js"
import type { ToolRegistryShape } from "./ToolRegistry.js"

/**
 * Hands an event on; the turn waits for the Effect. `now`, where the receiver has it, writes the
 * event at the call instead, and returns `DeltaHandled` once it is written, or else the Effect
 * that finishes writing it. Text chunks, the hottest path of a turn, go that way when they come
 * from a model that hands its deltas over as they arrive (`LanguageModelShape.forEachDelta`).
 */
export interface Emit {
  (event: PlannerEvent): Effect.Effect<void>
  readonly now?: (event: PlannerEvent) => Effect.Effect<void>
}

export interface OrchestratorSettings {
  readonly maxToolRounds: number
}

interface PendingCall {
  readonly id: string
  readonly name: string
  readonly arguments: string
}

const isoNow = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

/** OpenAI request messages from the client's history (timestamps and metadata stay behind). */
export const toChatMessages = (history: ReadonlyArray<Message>): Array<ChatMessage> =>
  history.map((m): ChatMessage => {
    switch (m.role) {
      case "system":
        return { role: "system", content: messageText(m) }
      case "tool":
        return { role: "tool", content: messageText(m), tool_call_id: m.tool_call_id ?? "" }
      case "assistant":
        return {
          role: "assistant",
          content: m.content === null ? null : messageText(m),
          ...(m.tool_calls && m.tool_calls.length > 0 ? { tool_calls: m.tool_calls.map((c) => ({ ...c, function: { ...c.function } })) } : {})
        }
      case "user":
        return {
          role: "user",
          content:
            typeof m.content === "string" || m.content === null
              ? (m.content ?? "")
              : m.content.map((p) => (p.type === "text" ? { type: "text" as const, text: p.text } : { type: "image_url" as const, image_url: { url: p.image_url.url } }))
        }
    }
  })

const asToolCalls = (calls: ReadonlyArray<PendingCall>): Array<ToolCall> =>
  calls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } }))

/** Merges one tool's updates into the turn's (the client merges turns the same way). */
export const mergeUpdates = mergeToolResults

const parseArguments = (text: string): Either.Either<unknown, string> => {
  if (text.trim() === "") return Either.right({})
  try {
    return Either.right(JSON.parse(text))
  } catch (error) {
    return Either.left(error instanceof Error ? error.message : String(error))
  }
}

const addUsage = (a: Usage | null, b: Usage | null): Usage | null =>
  a === null
    ? b
    : b === null
      ? a
      : {
          prompt_tokens: a.prompt_tokens + b.prompt_tokens,
          completion_tokens: a.completion_tokens + b.completion_tokens,
          total_tokens: a.total_tokens + b.total_tokens
        }

export interface TurnDeps {
  readonly llm: LanguageModelShape
  readonly registry: ToolRegistryShape
  readonly settings: OrchestratorSettings
  readonly metrics: MetricsShape
}

/**
 * One turn: set up, then the loop of model replies and tool rounds. The set-up gives the loop,
 * which then runs in tail position — the set-up's generator does not stay on the run's fiber for
 * the whole turn.
 */
export const runTurn = (turn: TurnContext, emit: Emit, deps: TurnDeps): Effect.Effect<void> => Effect.flatten(setUpTurn(turn, emit, deps))

const setUpTurn = (turn: TurnContext, emit: Emit, deps: TurnDeps): Effect.Effect<Effect.Effect<void>> =>
  Effect.gen(function* () {
    const { llm, registry, settings, metrics } = deps
    const m = t(turn.language)
    const startedAt = yield* Clock.currentTimeMillis
    const lastUser = [...turn.history].reverse().find((msg) => msg.role === "user")
    const newMessages: Array<Message> = []
    let state: ToolExecutionResults = turn.toolExecutionResults
    let updates: ToolExecutionResults = {}
    let usage: Usage | null = null
    let rounds = 0
    let roundLimitReached = false
    let messageCount = 0
    const chat = toChatMessages(turn.history)
    const toolNames = registry.tools.map((tool) => tool.definition.name)
    const emitNow = emit.now ?? emit

    yield* emit(makeEvent("conversation_start", { user_input: lastUser ? messageText(lastUser) : "" }))
    yield* emit(makeEvent("processing_status", { status_message: m.thinking, progress_info: { round: 0, max_rounds: settings.maxToolRounds } }))

    /** Streams one assistant message from text pieces the server wrote itself. */
    const say = (text: string) =>
      Effect.gen(function* () {
        const message_id = `${turn.runId}-m${++messageCount}`
        yield* emit(makeEvent("assistant_message_start", { message_id }))
        yield* emit(makeEvent("assistant_message_chunk", { content: text, is_complete: false, chunk_index: 0, total_chunks: null, message_id }))
        yield* emit(makeEvent("assistant_message_end", { complete_message: text, message_id, message_metadata: {} }))
        newMessages.push({ role: "assistant", content: text, timestamp: yield* isoNow })
      })

    /** One streamed model reply: text as chunks, tool calls (API or `<tool_call>` text) collected. */
    const streamReply = (messages: ReadonlyArray<ChatMessage>) =>
      Effect.gen(function* () {
        const message_id = `${turn.runId}-m${++messageCount}`
        let started = false
        let chunkIndex = 0
        const text = new TextBuilder()
        const filter = new ToolCallTextFilter()
        const calls: Array<PendingCall> = []
        let textCalls = 0
        let replyUsage: Usage | null = null
        /** The reply's `assistant_message_start`, the first time it is asked for; undefined after. */
        const opening = () => {
          if (started) return undefined
          started = true
          return makeEvent("assistant_message_start", { message_id })
        }
        const start = Effect.suspend(() => {
          const event = opening()
          return event === undefined ? Effect.void : emit(event)
        })
        // Runs once per text delta, the hottest path of a turn: it writes the chunk at the call
        // where it can (`emit.now`) and returns `DeltaHandled`, or what is left to do — so its
        // Effect must run before it is called again, as every caller does.
        const show = (output: ReturnType<ToolCallTextFilter["push"]>): Effect.Effect<void> => {
          for (const call of output.calls) calls.push({ id: `${message_id}-call${++textCalls}`, ...call })
          if (output.visible === "") return DeltaHandled
          text.append(output.visible)
          const chunk = makeEvent("assistant_message_chunk", { content: output.visible, is_complete: false, chunk_index: chunkIndex++, total_chunks: null, message_id })
          const event = opening()
          if (event !== undefined) {
            const opened = emitNow(event)
            if (opened !== DeltaHandled) return Effect.zipRight(opened, emit(chunk))
          }
          return emitNow(chunk)
        }
        const outcome = yield* forEachDelta(llm, { messages, tools: registry.tools.map((tool) => tool.definition) }, (delta) => {
          switch (delta._tag) {
            case "Text":
              return show(filter.push(delta.text))
            case "ToolCall":
              calls.push({ id: delta.id, name: delta.name, arguments: delta.arguments })
              return start
            case "Finish":
              replyUsage = delta.usage
              return DeltaHandled
          }
        }).pipe(Effect.either)
        yield* show(filter.flush())
        if (Either.isLeft(outcome)) {
          if (started) {
            yield* emit(makeEvent("assistant_message_end", { complete_message: text.toString(), message_id, message_metadata: { interrupted: true } }))
          }
          return yield* Effect.fail(outcome.left)
        }
        yield* start
        const tool_calls = asToolCalls(calls)
        yield* emit(
          makeEvent("assistant_message_end", { complete_message: text.toString(), message_id, message_metadata: tool_calls.length > 0 ? { tool_calls } : {} })
        )
        return { text: text.toString(), calls, usage: replyUsage as Usage | null }
      })

    /** Runs one call and always yields its `tool` message, whatever went wrong. */
    const runTool = (call: PendingCall, stateNow: ToolExecutionResults) =>
      Effect.gen(function* () {
        const t0 = yield* Clock.currentTimeMillis
        const parsed = parseArguments(call.arguments)
        const base = {
          tool_name: call.name,
          call_id: call.id,
          arguments: Either.isRight(parsed) ? parsed.right : call.arguments,
          result: null,
          execution_time: null,
          error_message: null
        }
        yield* emit(makeEvent("tool_call_start", { ...base, status: "starting", progress_message: m.toolStarting(call.name) }))
        // Documents follow their call's `tool_call_end` (spec 01's order), so they wait here.
        const documents: Array<DataOf<"design_document_generated">> = []
        const tool = registry.get(call.name)
        const outcome: Either.Either<ToolOutcome, ToolFailure> = !tool
          ? Either.left(new ToolFailure({ message: m.toolUnknown(call.name, toolNames), code: "unknown_tool" }))
          : Either.isLeft(parsed)
            ? Either.left(new ToolFailure({ message: m.toolBadJson(parsed.left), code: "invalid_json" }))
            : yield* tool
                .run(parsed.right, {
                  callId: call.id,
                  turn,
                  state: stateNow,
                  progress: (message, info) =>
                    emit(
                      makeEvent("tool_call_progress", {
                        ...base,
                        status: "running",
                        progress_message: message,
                        ...(info ? { progress_info: info } : {})
                      })
                    ),
                  document: (doc) => Effect.sync(() => void documents.push({ ...doc, tool_call_id: call.id })),
                  custom: (name, value) => emit(makeEvent("custom", { name, value }))
                })
                .pipe(
                  Effect.catchAllDefect((defect) =>
                    Effect.logError("tool defect", defect).pipe(
                      Effect.as(new ToolFailure({ message: m.internalError, code: "internal" })),
                      Effect.flatMap(Effect.fail)
                    )
                  ),
                  Effect.either
                )
        const execution_time = ((yield* Clock.currentTimeMillis) - t0) / 1000
        metrics.toolExecuted(call.name, Either.isRight(outcome) ? "completed" : "failed", execution_time)
        const timestamp = yield* isoNow
        if (Either.isRight(outcome)) {
          const { result, content, updates: toolUpdates } = outcome.right
          yield* emit(makeEvent("tool_call_end", { ...base, status: "completed", progress_message: m.toolCompleted(call.name), result, execution_time }))
          for (const doc of documents) yield* emit(makeEvent("design_document_generated", doc))
          const message: Message = { role: "tool", tool_call_id: call.id, content: content ?? JSON.stringify(result), timestamp }
          return { message, updates: toolUpdates ?? {} }
        }
        const error = outcome.left
        yield* emit(
          makeEvent("tool_call_end", { ...base, status: "failed", progress_message: m.toolFailed(call.name), execution_time, error_message: error.message })
        )
        const message: Message = { role: "tool", tool_call_id: call.id, content: JSON.stringify({ error: error.message, code: error.code ?? "failed" }), timestamp }
        return { message, updates: {} }
      })

    const conversationEnd = (success: boolean) =>
      Effect.gen(function* () {
        const data: DataOf<"conversation_end"> = {
          success,
          execution_time: ((yield* Clock.currentTimeMillis) - startedAt) / 1000,
          new_messages_count: newMessages.length,
          tool_execution_results_updates: updates,
          metadata: { rounds, max_rounds: settings.maxToolRounds, round_limit_reached: roundLimitReached, model: llm.model, language: turn.language, usage },
          new_messages: newMessages
        }
        yield* emit(makeEvent("conversation_end", data))
      })

    const loop = Effect.gen(function* () {
      while (rounds < settings.maxToolRounds) {
        rounds++
        const reply = yield* streamReply([{ role: "system", content: orchestratorPrompt(turn.language, state, toolNames) }, ...chat])
        usage = addUsage(usage, reply.usage)
        const assistant: Message = {
          role: "assistant",
          content: reply.text,
          timestamp: yield* isoNow,
          ...(reply.calls.length > 0 ? { tool_calls: asToolCalls(reply.calls) } : {})
        }
        if (reply.calls.length === 0) {
          newMessages.push(assistant)
          return
        }
        const stateNow = state
        const results = yield* Effect.forEach(reply.calls, (call) => runTool(call, stateNow), { concurrency: "unbounded" })
        // The assistant message and its tool messages join the history together, so it stays valid
        // for the provider even if a later round fails.
        newMessages.push(assistant, ...results.map((r) => r.message))
        chat.push(...toChatMessages([assistant, ...results.map((r) => r.message)]))
        for (const r of results) {
          updates = mergeUpdates(updates, r.updates)
          state = mergeUpdates(state, r.updates)
        }
      }
      roundLimitReached = true
      yield* say(m.roundLimit(settings.maxToolRounds))
    })

    return loop.pipe(
      Effect.matchEffect({
        onSuccess: () => conversationEnd(true),
        onFailure: (error: LlmError) =>
          Effect.gen(function* () {
            yield* Effect.logWarning("model call failed", { code: error.code, detail: error.message })
            yield* emit(
              makeEvent("error", {
                error_message: m.llmError[error.code],
                error_details: {
                  code: error.code,
                  error_type: error._tag,
                  retryable: error.retryable,
                  detail: error.message.slice(0, 500),
                  ...(error.status === undefined ? {} : { status: error.status })
                }
              })
            )
            yield* conversationEnd(false)
          })
      })
    )
  })
