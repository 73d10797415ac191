/**
 * The ways a model call fails, each with the stable wire code of spec 03 and whether trying
 * again may help. The planner turns them into `error` events; nothing else needs to know the
 * provider's own error classes.
 */
import { Data } from "effect"

interface Base {
  readonly message: string
  readonly status?: number
}

/** Connection refused, DNS failure, 5xx, or the connection dropped mid-stream. */
export class LlmUnavailable extends Data.TaggedError("LlmUnavailable")<Base> {
  readonly code = "llm_unavailable"
  readonly retryable = true
}

/** 429: the provider asks us to slow down, possibly saying for how long. */
export class LlmRateLimited extends Data.TaggedError("LlmRateLimited")<Base & { readonly retryAfterMs?: number }> {
  readonly code = "llm_rate_limited"
  readonly retryable = true
}

/** No first token, or no chunk for longer than the idle timeout. */
export class LlmTimeout extends Data.TaggedError("LlmTimeout")<Base & { readonly afterMs: number }> {
  readonly code = "llm_timeout"
  readonly retryable = false
}

/** The provider answered, but not with a valid chat-completions stream. */
export class LlmBadResponse extends Data.TaggedError("LlmBadResponse")<Base> {
  readonly code = "llm_bad_response"
  readonly retryable = false
}

/** 401/403: the key is missing, wrong or not allowed to use the model. */
export class LlmAuth extends Data.TaggedError("LlmAuth")<Base> {
  readonly code = "llm_auth"
  readonly retryable = false
}

export type LlmError = LlmUnavailable | LlmRateLimited | LlmTimeout | LlmBadResponse | LlmAuth

export const isLlmError = (u: unknown): u is LlmError =>
  u instanceof LlmUnavailable ||
  u instanceof LlmRateLimited ||
  u instanceof LlmTimeout ||
  u instanceof LlmBadResponse ||
  u instanceof LlmAuth
