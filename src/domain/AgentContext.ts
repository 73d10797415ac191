/**
 * The body of `POST /api/chat/agent` (`AgentContextRequest`, spec 01) and the per-run options
 * derived from it. Unknown keys are ignored so older and newer clients keep working.
 */
import { Schema } from "effect"
import { Language } from "./Language.js"
import { Message } from "./Message.js"

export const SessionId = Schema.String.pipe(
  Schema.minLength(1),
  Schema.maxLength(128),
  Schema.pattern(/^[A-Za-z0-9._:-]+$/, {
    message: () => "session_id must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'"
  })
)

export const OnDisconnect = Schema.Literal("continue", "cancel")
export type OnDisconnect = typeof OnDisconnect.Type

/** Client-held state carried between turns (`short_planning`, `recommended_tools`, …). */
export const ToolExecutionResults = Schema.Record({ key: Schema.String, value: Schema.Unknown })
export type ToolExecutionResults = typeof ToolExecutionResults.Type

export const AgentContextRequest = Schema.Struct({
  session_id: SessionId,
  dialogue_history: Schema.Array(Message),
  tool_execution_results: Schema.optionalWith(ToolExecutionResults, { default: () => ({}) }),
  session_metadata: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Unknown }), {
    default: () => ({})
  }),
  last_updated: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  is_compressed: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  language: Schema.optionalWith(Schema.NullOr(Language), { default: () => null }),
  include_metadata: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  buffer_events: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  heartbeat_interval: Schema.optionalWith(Schema.Number.pipe(Schema.between(1, 300)), { default: () => 30 }),
  on_disconnect: Schema.optionalWith(OnDisconnect, { default: () => "continue" as const })
})
export type AgentContextRequest = typeof AgentContextRequest.Type

/** What the planner needs for one turn, with the language already resolved. */
export interface TurnContext {
  readonly sessionId: string
  readonly runId: string
  readonly history: ReadonlyArray<Message>
  readonly toolExecutionResults: ToolExecutionResults
  readonly sessionMetadata: Readonly<Record<string, unknown>>
  readonly language: Language
}
