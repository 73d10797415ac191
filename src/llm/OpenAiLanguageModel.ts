/**
 * `LanguageModel` over the official `openai` SDK, for any endpoint speaking
 * `/chat/completions` (OpenAI, DeepSeek, Qwen, OpenRouter, Ollama, vLLM, the scripted model).
 *
 * Why the stream is pulled by hand: `Stream.fromAsyncIterable` cannot stop while the model is
 * silent (its release awaits `iterator.return()`, which queues behind the pending `next()`), so
 * an interrupted run would keep the provider's request open. Here a finalizer aborts the request
 * first (recipe 7 of the Effect guide). The body is read by `ChunkReader`, a network read at a
 * time.
 */
import { Chunk, Duration, Effect, Layer, Option, Redacted, Schedule, Stream } from "effect"
import OpenAI from "openai"
import { Agent, type Dispatcher, getGlobalDispatcher } from "undici"
import type { ChatCompletionChunk } from "openai/resources/chat/completions"
import { TextBuilder } from "../domain/TextBuilder.js"
import { type ChatDelta, type ChatRequest, DeltaHandled, LanguageModel, type LanguageModelShape, type Usage } from "./LanguageModel.js"
import { Metrics } from "../observability/Metrics.js"
import { ChunkReader } from "./ChunkReader.js"
import { nodeBodyOf, undiciFetch } from "./UndiciFetch.js"
import { addFinalizerPlain, openScoped } from "../resource/PlainFinalizer.js"
import { instrumented } from "./Instrumented.js"
import { isLlmError, type LlmError, LlmAuth, LlmBadResponse, LlmRateLimited, LlmTimeout, LlmUnavailable } from "./LlmError.js"

export interface OpenAiSettings {
  readonly baseUrl: string
  readonly apiKey: Redacted.Redacted<string>
  readonly model: string
  /** Announce this model as the built-in demo (it is still spoken to over HTTP). */
  readonly demo?: boolean
  /** How long to wait for the response and its first chunk. */
  readonly firstTokenTimeout: Duration.DurationInput
  /** How long the stream may stay silent between two chunks. */
  readonly idleTimeout: Duration.DurationInput
  /** Retries of a failed request, only before its first chunk (a started reply is never replayed). */
  readonly maxRetries: number
  readonly retryBaseDelay: Duration.DurationInput
  /** A 429 asking us to wait longer than this is not retried. */
  readonly maxRetryAfter: Duration.DurationInput
}

const retryAfterMs = (headers: Headers | undefined): number | undefined => {
  const ms = headers?.get("retry-after-ms")
  if (ms) return Number.parseFloat(ms)
  const value = headers?.get("retry-after")
  if (!value) return undefined
  const seconds = Number.parseFloat(value)
  if (!Number.isNaN(seconds)) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

/** Maps whatever the SDK or the network threw to one of our tagged errors. */
export const classify = (cause: unknown): LlmError => {
  const message = cause instanceof Error ? cause.message : String(cause)
  if (cause instanceof OpenAI.APIConnectionTimeoutError) return new LlmTimeout({ message, afterMs: 0 })
  if (cause instanceof OpenAI.APIConnectionError) return new LlmUnavailable({ message })
  if (cause instanceof OpenAI.APIError) {
    const status = cause.status
    if (status === 401 || status === 403) return new LlmAuth({ message, status })
    if (status === 429) {
      const after = retryAfterMs(cause.headers)
      return new LlmRateLimited(after === undefined ? { message, status } : { message, status, retryAfterMs: after })
    }
    if (status === 408) return new LlmTimeout({ message, status, afterMs: 0 })
    if (status !== undefined && status >= 500) return new LlmUnavailable({ message, status })
    return status === undefined ? new LlmBadResponse({ message }) : new LlmBadResponse({ message, status })
  }
  if (cause instanceof SyntaxError) return new LlmBadResponse({ message: `malformed chunk: ${message}` })
  return new LlmUnavailable({ message })
}

/**
 * Exponential backoff for retryable errors, replaced by the provider's `Retry-After` when it
 * gives one. The schedule's input is the error, so the policy can read it.
 */
const retryPolicy = (s: OpenAiSettings) => {
  const maxAfter = Duration.toMillis(s.maxRetryAfter)
  return Schedule.intersect(Schedule.identity<LlmError>(), Schedule.exponential(s.retryBaseDelay, 2)).pipe(
    Schedule.intersect(Schedule.recurs(s.maxRetries)),
    Schedule.whileInput(
      (e: LlmError) => e.retryable && !(e._tag === "LlmRateLimited" && (e.retryAfterMs ?? 0) > maxAfter)
    ),
    Schedule.modifyDelay(([[error], delay]) =>
      error._tag === "LlmRateLimited" && error.retryAfterMs !== undefined ? Duration.millis(error.retryAfterMs) : delay
    )
  )
}

/**
 * The model over `dispatcher`, the undici agent that holds its connections (see `UndiciFetch`);
 * without one, undici's global agent.
 */
export const make = (s: OpenAiSettings, dispatcher: Dispatcher = getGlobalDispatcher()): LanguageModelShape => {
  const client = new OpenAI({
    apiKey: Redacted.value(s.apiKey),
    baseURL: s.baseUrl,
    fetch: undiciFetch(dispatcher),
    maxRetries: 0, // retries are ours, with a Schedule, and only before the first chunk
    logLevel: "off", // failures are classified and logged by us, without the provider's raw chunks
    timeout: Duration.toMillis(s.firstTokenTimeout)
  })
  const firstTimeout = Duration.decode(s.firstTokenTimeout)
  // Built once: a Schedule is an immutable value, and building it allocates more than using it.
  const retrying = retryPolicy(s)
  const idleTimeout = Duration.decode(s.idleTimeout)
  const idleMs = Duration.toMillis(idleTimeout)

  const silence = (timeout: Duration.Duration) =>
    new LlmTimeout({ message: `the model sent nothing for ${Duration.format(timeout)}`, afterMs: Duration.toMillis(timeout) })

  /**
   * Waits until the reader may have more (data, the end, an error), or fails after `timeout` of
   * silence. One callback-based Effect per wait: racing two Effects (`timeoutFail`) forks a fiber
   * each time, which dominated the relay's cost.
   */
  const waitForMore = (reader: ChunkReader, timeout: Duration.Duration): Effect.Effect<void, LlmTimeout> =>
    Effect.async((resume) => {
      const timer = setTimeout(() => {
        reader.onMore(undefined)
        resume(Effect.fail(silence(timeout)))
      }, Duration.toMillis(timeout))
      reader.onMore(() => {
        clearTimeout(timer)
        resume(Effect.void)
      })
      return Effect.sync(() => {
        clearTimeout(timer)
        reader.onMore(undefined)
      })
    })

  /** What the reader has now (see `ChunkReader.poll`), or what it reported, as an `LlmError`. */
  const polled = (reader: ChunkReader): ReadonlyArray<ChatCompletionChunk> | undefined | LlmError => {
    try {
      return reader.poll()
    } catch (cause) {
      return classify(cause)
    }
  }

  /** The chunks of the next network read that completed at least one (empty: the body ended). */
  const pull = (reader: ChunkReader, timeout: Duration.Duration): Effect.Effect<ReadonlyArray<ChatCompletionChunk>, LlmError> =>
    Effect.suspend(() => {
      const batch = polled(reader)
      if (batch === undefined) return Effect.zipRight(waitForMore(reader, timeout), pull(reader, timeout))
      return isLlmError(batch) ? Effect.fail(batch) : Effect.succeed(batch)
    })

  /** One attempt: send the request and wait for its first chunk. Aborts its request on failure. */
  const attempt = (request: ChatRequest) =>
    Effect.suspend(() => {
      const controller = new AbortController()
      return Effect.gen(function* () {
        const response = yield* Effect.tryPromise({
          try: () =>
            client.chat.completions.create(
              {
                model: s.model,
                messages: [...request.messages],
                stream: true,
                stream_options: { include_usage: true },
                ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
                ...(request.tools && request.tools.length > 0
                  ? {
                      tools: request.tools.map((t) => ({
                        type: "function" as const,
                        function: { name: t.name, description: t.description, parameters: { ...t.parameters } }
                      }))
                    }
                  : {})
              },
              { signal: controller.signal }
            )
            .asResponse(),
          catch: classify
        })
        const body = nodeBodyOf(response)
        if (body === null) return yield* new LlmBadResponse({ message: "the model's response has no body" })
        const reader = new ChunkReader(body, response.headers)
        const first = yield* pull(reader, firstTimeout)
        return { controller, reader, first }
      }).pipe(Effect.onExit((exit) => (exit._tag === "Failure" ? Effect.sync(() => controller.abort()) : Effect.void)))
    })

  /**
   * One reply, opened in the caller's scope: `next` gives the deltas of each network read (pull
   * and translate together: this is the per-token path of every run), then the assembled tool
   * calls and the finish, then `null`.
   */
  const open = (request: ChatRequest) =>
    Effect.gen(function* () {
      const { controller, reader, first } = yield* Effect.retry(attempt(request), retrying)
      // Cut short (interrupted, failed, idle): abort the request, which also ends a pending
      // read. A reply read to its end has nothing to abort (and aborting builds an error object
      // per request for nothing).
      yield* addFinalizerPlain(() =>
        Effect.sync(() => {
          if (reader.ended) return
          controller.abort()
          reader.cancel()
        })
      )
      // Accumulators of this reply: tool-call fragments by index, the finish reason, usage.
      const calls = new Map<number, { id: string; name: string; arguments: TextBuilder }>()
      let finish: string | null = null
      let usage: Usage | null = null
      const deltasOf = (batch: ReadonlyArray<ChatCompletionChunk>): Array<ChatDelta> => {
        const out: Array<ChatDelta> = []
        for (const chunk of batch) {
          if (chunk.usage) usage = chunk.usage
          for (const choice of chunk.choices ?? []) {
            const delta = choice.delta
            if (delta?.content) out.push({ _tag: "Text", text: delta.content })
            for (const tc of delta?.tool_calls ?? []) {
              const current = calls.get(tc.index) ?? { id: "", name: "", arguments: new TextBuilder() }
              if (tc.id) current.id = tc.id
              if (tc.function?.name) current.name += tc.function.name
              if (tc.function?.arguments) current.arguments.append(tc.function.arguments)
              calls.set(tc.index, current)
            }
            if (choice.finish_reason) finish = choice.finish_reason
          }
        }
        return out
      }
      /** The tool calls assembled and the finish, once the body has ended; an error if it ended unfinished. */
      const ending = (): Array<ChatDelta> | LlmBadResponse => {
        if (finish === null) return new LlmBadResponse({ message: "the model's stream ended before it finished" })
        const assembled: Array<ChatDelta> = [...calls.entries()]
          .sort(([a], [b]) => a - b)
          .map(([index, c]) => ({ _tag: "ToolCall", index, id: c.id || `call_${index}`, name: c.name, arguments: c.arguments.toString() }))
        assembled.push({ _tag: "Finish", reason: finish, usage })
        return assembled
      }
      let pending: ReadonlyArray<ChatCompletionChunk> | null = first
      let ended = false
      /**
       * What the reply has for its consumer now: the deltas of what arrived; once the body has
       * ended, the assembled tool calls and the finish (or the error of a reply that ended
       * unfinished), then `null`; `undefined` while nothing new has arrived. What the reader
       * reports (the network, the parser, the provider) comes back as an `LlmError`.
       */
      const takeNow = (): ReadonlyArray<ChatDelta> | LlmError | null | undefined => {
        if (ended) return null
        let batch: ReadonlyArray<ChatCompletionChunk> | LlmError | null | undefined = pending
        pending = null
        // Once the body has ended, this is an empty batch: the reply's ending follows.
        if (batch === null || batch.length === 0) batch = polled(reader)
        if (batch === undefined || isLlmError(batch)) return batch
        if (batch.length > 0) return deltasOf(batch)
        ended = true
        return ending()
      }
      const next: Effect.Effect<ReadonlyArray<ChatDelta> | null, LlmError> = Effect.suspend(() => {
        const taken = takeNow()
        if (taken === undefined) return Effect.zipRight(waitForMore(reader, idleTimeout), next)
        return isLlmError(taken) ? Effect.fail(taken) : Effect.succeed(taken)
      })

      /**
       * The reply handed to `f` as it arrives, from the body's own callbacks: the caller's fiber
       * waits in one `async` for the whole reply, and a token that `f` handles at the call (the
       * common case: the run log had room) costs no Effect step, no promise and no timer of its
       * own. When `f` needs its fiber (a full listener queue, a store mirror that is behind, a tool call), the
       * rest waits until that Effect has run, then the pump resumes. One timer watches for
       * silence: re-armed (`refresh`) each time the pump starts waiting, cleared when it stops.
       */
      const pump = <E, R>(f: (delta: ChatDelta) => Effect.Effect<void, E, R>): Effect.Effect<void, LlmError | E, R> => {
        // Deltas read but not yet handed to `f` (it asked for its fiber in the middle of a batch).
        let queued: ReadonlyArray<ChatDelta> = []
        let at = 0
        const run: Effect.Effect<void, LlmError | E, R> = Effect.async<void, LlmError | E, R>((resume) => {
          let live = true
          let timer: ReturnType<typeof setTimeout> | undefined
          // Stops listening to the body and the clock: before resuming, or when interrupted.
          const halt = (): void => {
            live = false
            reader.onMore(undefined)
            if (timer !== undefined) clearTimeout(timer)
          }
          const stop = (then: Effect.Effect<void, LlmError | E, R>): void => {
            halt()
            resume(then)
          }
          const onIdle = () => {
            if (live) stop(Effect.fail(silence(idleTimeout)))
          }
          const onMore = () => {
            if (live) step()
          }
          // Runs from the body's callbacks, outside any fiber: whatever throws in here (the
          // consumer, a chunk of a shape the translation does not expect) ends the reply as a
          // defect, as it would on the fiber, instead of escaping into the event loop.
          const step = (): void => {
            try {
              advance()
            } catch (defect) {
              stop(Effect.die(defect))
            }
          }
          const advance = (): void => {
            for (;;) {
              while (at < queued.length) {
                const handled = f(queued[at++]!)
                if (handled !== DeltaHandled) return stop(Effect.zipRight(handled, run))
              }
              const taken = takeNow()
              if (taken === undefined) {
                reader.onMore(onMore)
                if (timer === undefined) timer = setTimeout(onIdle, idleMs)
                else timer.refresh()
                return
              }
              if (taken === null) return stop(Effect.void)
              if (isLlmError(taken)) return stop(Effect.fail(taken))
              queued = taken
              at = 0
            }
          }
          step()
          return Effect.sync(halt)
        })
        return run
      }
      return { next, pump }
    })

  const streamChat = (request: ChatRequest): Stream.Stream<ChatDelta, LlmError> =>
    Stream.unwrapScoped(
      Effect.map(open(request), ({ next }) =>
        Stream.repeatEffectChunkOption(
          Effect.flatMap(Effect.mapError(next, Option.some), (deltas) => (deltas === null ? Effect.fail(Option.none()) : Effect.succeed(Chunk.unsafeFromArray(deltas))))
        )
      )
    )

  /** The same reply without a Stream: no stream machinery between a token and its consumer. */
  const forEachDelta = <E, R>(request: ChatRequest, f: (delta: ChatDelta) => Effect.Effect<void, E, R>): Effect.Effect<void, LlmError | E, R> =>
    openScoped(open(request), ({ pump }) => pump(f))

  return { model: s.model, demo: s.demo ?? false, streamChat, forEachDelta }
}

/**
 * The OpenAI-compatible model as a Layer, its requests counted in `Metrics`. Its connections
 * belong to the layer: an agent of its own, closed with it, so no keep-alive socket outlives the
 * server.
 */
export const layer = (settings: OpenAiSettings): Layer.Layer<LanguageModel> =>
  Layer.scoped(
    LanguageModel,
    Effect.gen(function* () {
      const metrics = yield* Metrics
      const agent = yield* Effect.acquireRelease(
        Effect.sync(() => new Agent()),
        (agent) => Effect.promise(() => agent.destroy())
      )
      return instrumented(make(settings, agent), metrics)
    })
  )
