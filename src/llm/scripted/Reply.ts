/**
 * What the scripted model says: one `Reply` per chat-completions request, turned into the exact
 * chunks an OpenAI-compatible provider streams (content deltas, tool-call deltas with their
 * arguments split across chunks, parallel calls interleaved, usage, `[DONE]`) and the faults
 * real providers have.
 */

export interface ScriptedToolCall {
  readonly id?: string
  readonly name: string
  /** An object is sent as its JSON; a string is sent as is (so it may be invalid JSON). */
  readonly arguments: string | Readonly<Record<string, unknown>>
  /** Into how many chunks the arguments are split (default 3). */
  readonly fragments?: number
}

export type Fault =
  /** Answer with this HTTP status and an OpenAI-style JSON error instead of a stream. */
  | { readonly type: "status"; readonly status: number; readonly retryAfterSeconds?: number; readonly message?: string }
  /** After `afterChunks` good chunks, send a chunk that is not JSON. */
  | { readonly type: "malformed"; readonly afterChunks?: number }
  /** After `afterChunks` good chunks, drop the connection without ending the response. */
  | { readonly type: "disconnect"; readonly afterChunks?: number }
  /** After `afterChunks` good chunks, say nothing more until the client goes away. */
  | { readonly type: "stall"; readonly afterChunks?: number }
  /** Close the stream cleanly after the content, without a finish reason or `[DONE]`. */
  | { readonly type: "no_done" }
  /** Destroy the socket before any response. */
  | { readonly type: "reset" }
  /** Send one single chunk of about this many bytes of content. */
  | { readonly type: "huge_chunk"; readonly bytes: number }
  /** Start the tool call's arguments and never close them. */
  | { readonly type: "unterminated_arguments" }

export interface Reply {
  /** A string is split into word tokens; an array is sent piece by piece exactly. */
  readonly text?: string | ReadonlyArray<string>
  /** Append this many generated filler tokens to the text ("t0 t1 t2 …"). */
  readonly tokens?: number
  readonly toolCalls?: ReadonlyArray<ScriptedToolCall>
  /** Pause between chunks (slow tokens). */
  readonly delayMs?: number
  /** Pause before the first chunk (time to first token). */
  readonly firstDelayMs?: number
  /** Each filler token's text carries its emission time (`t<n>@<epoch ms> `), for latency benchmarks. */
  readonly stampTokens?: boolean
  readonly finishReason?: string
  readonly fault?: Fault
}

/** One chunk as it goes on the wire, or a fault action between chunks. */
export type Step =
  | { readonly _tag: "Chunk"; readonly json: unknown }
  | { readonly _tag: "Raw"; readonly text: string }
  | { readonly _tag: "Disconnect" }
  | { readonly _tag: "Stall" }

export const splitWords = (text: string): Array<string> => text.match(/\s*\S+\s*/g) ?? (text ? [text] : [])

const splitInto = (text: string, parts: number): Array<string> => {
  if (parts <= 1 || text.length <= 1) return [text]
  const size = Math.ceil(text.length / parts)
  const out: Array<string> = []
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size))
  return out
}

export interface ChunkContext {
  readonly id: string
  readonly model: string
  readonly created: number
  readonly includeUsage: boolean
  readonly promptTokens: number
}

export const chunkOf = (ctx: ChunkContext, delta: Record<string, unknown>, finish: string | null = null) => ({
  id: ctx.id,
  object: "chat.completion.chunk",
  created: ctx.created,
  model: ctx.model,
  choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }]
})

/**
 * The steps of a reply, generated lazily so a 100 000-token reply costs no memory up front.
 * `now` is read when each filler token is produced (for stamped tokens).
 */
export function* replySteps(reply: Reply, ctx: ChunkContext, now: () => number): Generator<Step> {
  const fault = reply.fault
  let sent = 0
  let completionTokens = 0
  const faultAt = fault && "afterChunks" in fault ? (fault.afterChunks ?? 0) : -1
  let fired = false
  function* chunk(json: unknown): Generator<Step> {
    if (sent === faultAt && fault) {
      fired = true
      if (fault.type === "malformed") yield { _tag: "Raw", text: 'data: {"id": "broken", "choices": [\n\n' }
      if (fault.type === "disconnect") yield { _tag: "Disconnect" }
      if (fault.type === "stall") yield { _tag: "Stall" }
      return
    }
    sent++
    yield { _tag: "Chunk", json }
  }
  const faulted = () => fired

  yield* chunk(chunkOf(ctx, { role: "assistant", content: "" }))
  if (faulted()) return

  if (fault?.type === "huge_chunk") {
    yield* chunk(chunkOf(ctx, { content: "x".repeat(fault.bytes) }))
    completionTokens++
  }
  const pieces = reply.text === undefined ? [] : typeof reply.text === "string" ? splitWords(reply.text) : reply.text
  for (const piece of pieces) {
    yield* chunk(chunkOf(ctx, { content: piece }))
    if (faulted()) return
    completionTokens++
  }
  for (let i = 0; i < (reply.tokens ?? 0); i++) {
    const text = reply.stampTokens ? `t${i}@${now()} ` : `t${i} `
    yield* chunk(chunkOf(ctx, { content: text }))
    if (faulted()) return
    completionTokens++
  }

  const calls = reply.toolCalls ?? []
  if (calls.length > 0) {
    const fragments = calls.map((call) => {
      const args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments)
      return fault?.type === "unterminated_arguments" ? splitInto(args.slice(0, -1), call.fragments ?? 3) : splitInto(args, call.fragments ?? 3)
    })
    // Headers of every call first, then the fragments round-robin: parallel calls interleave.
    for (const [index, call] of calls.entries()) {
      yield* chunk(
        chunkOf(ctx, {
          tool_calls: [{ index, id: call.id ?? `call_${ctx.id}_${index}`, type: "function", function: { name: call.name, arguments: "" } }]
        })
      )
      if (faulted()) return
    }
    const longest = Math.max(...fragments.map((f) => f.length))
    for (let i = 0; i < longest; i++) {
      for (const [index, parts] of fragments.entries()) {
        const part = parts[i]
        if (part === undefined) continue
        yield* chunk(chunkOf(ctx, { tool_calls: [{ index, function: { arguments: part } }] }))
        if (faulted()) return
        completionTokens++
      }
    }
  }

  if (fault?.type === "no_done") return
  const finish = reply.finishReason ?? (calls.length > 0 ? "tool_calls" : "stop")
  yield* chunk(chunkOf(ctx, {}, finish))
  if (faulted()) return
  if (ctx.includeUsage) {
    yield {
      _tag: "Chunk",
      json: {
        id: ctx.id,
        object: "chat.completion.chunk",
        created: ctx.created,
        model: ctx.model,
        choices: [],
        usage: {
          prompt_tokens: ctx.promptTokens,
          completion_tokens: completionTokens,
          total_tokens: ctx.promptTokens + completionTokens
        }
      }
    }
  }
  yield { _tag: "Raw", text: "data: [DONE]\n\n" }
}
