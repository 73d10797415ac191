/**
 * The wire types the client speaks, taken from the server's own Schemas as types only — nothing
 * of Effect reaches a browser bundle through this file.
 */
import type { AgentContextRequest } from "../domain/AgentContext.js"
import type { DataOf, Envelope, EventOf, EventType, StreamEvent } from "../domain/Events.js"
import type { Message } from "../domain/Message.js"
import type { CancelAccepted, Health, SessionSnapshot, StatusReport } from "../domain/Resources.js"

/** The body of `POST /api/chat/agent`, as sent (optional keys take the server's defaults). */
export type RunRequest = typeof AgentContextRequest.Encoded

/** One decoded event: the JSON envelope of an SSE `data:` line, discriminated by `event_type`. */
export type ClientEvent = Envelope<StreamEvent>
export type { CancelAccepted, DataOf, EventOf, EventType, Health, Message, SessionSnapshot, StatusReport }

/** The `data` of the `complete` event: the run's status, result (new messages, state updates) and statistics. */
export type RunCompletion = DataOf<"complete">

/** A design document downloaded from `GET /api/sessions/{session_id}/documents/{filename}`. */
export interface DesignDocument {
  readonly filename: string
  readonly format: "markdown" | "json"
  readonly content: string
}
