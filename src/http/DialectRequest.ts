/**
 * What every dialect's request becomes: the native `AgentContextRequest` that
 * `SessionRegistry.start` takes. The options a dialect's client may add (language,
 * on_disconnect, heartbeat_interval) are the native fields themselves, with their defaults.
 */
import { Schema } from "effect"
import { AgentContextRequest, OnDisconnect, type ToolExecutionResults } from "../domain/AgentContext.js"
import { Language } from "../domain/Language.js"
import type { Message } from "../domain/Message.js"

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 80)}…` : text
}

/**
 * `schema` refused with one line saying what was expected: a union otherwise lists a line per
 * member, which reads as noise in a refusal.
 */
export const expecting = <S extends Schema.Schema.Any>(schema: S, expected: string): S =>
  schema.annotations({ message: (issue) => ({ message: `Expected ${expected}, actual ${shown(issue.actual)}`, override: true }) }) as S

/** A conversation id under the name the dialect gives it (`threadId`, `id`), with the native rule for session ids. */
export const conversationId = (field: string) =>
  Schema.String.pipe(
    Schema.minLength(1),
    Schema.maxLength(128),
    Schema.pattern(/^[A-Za-z0-9._:-]+$/, { message: () => `${field} must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'` })
  )

/** The native run options a dialect's client may send, each optional with the native default. */
export const RunOptions = Schema.Struct({
  language: Schema.optionalWith(expecting(Schema.NullOr(Language), `one of ${Language.literals.map((l) => `"${l}"`).join(", ")} or null`), {
    exact: true,
    default: () => null
  }),
  on_disconnect: Schema.optionalWith(expecting(OnDisconnect, `"continue" or "cancel"`), { exact: true, default: () => "continue" as const }),
  heartbeat_interval: AgentContextRequest.fields.heartbeat_interval
})
export type RunOptions = typeof RunOptions.Type

export const defaultRunOptions: RunOptions = Schema.decodeSync(RunOptions)({})

/** The native request for one turn of a dialect's conversation. */
export const agentRequest = (turn: {
  readonly sessionId: string
  readonly history: ReadonlyArray<Message>
  readonly state: ToolExecutionResults
  readonly options: RunOptions
}): AgentContextRequest => ({
  session_id: turn.sessionId,
  dialogue_history: turn.history,
  tool_execution_results: turn.state,
  session_metadata: {},
  last_updated: null,
  is_compressed: false,
  include_metadata: false,
  buffer_events: false,
  ...turn.options
})

/** A converted history that remembers which of the client's messages each native message came from, for refusals. */
export interface ConvertedHistory {
  readonly history: ReadonlyArray<Message>
  /** `sources[i]`: the index, in the client's `messages`, of the message `history[i]` came from. */
  readonly sources: ReadonlyArray<number>
}
