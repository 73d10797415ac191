/**
 * `gtplanner-effect/client`: the typed HTTP client, for Node and browsers, with no Effect
 * required. Start a turn, iterate its decoded events (or register callbacks), survive dropped
 * connections, cancel, fetch snapshots and documents, and carry a conversation's state.
 * The Effect-flavoured variant is `gtplanner-effect/client/effect`.
 */
export { GTPlannerClient, type ClientOptions } from "./Client.js"
export { Conversation, type ConversationInit } from "./Conversation.js"
export { ApiError, type ClientError, isClientError, NetworkError, ProtocolError, ReconnectFailed, RunLost, StreamClosed } from "./Errors.js"
export { type EventHandlers, type ReconnectInfo, type ReconnectOptions, type RunOptions, RunStream } from "./RunStream.js"
export { mergeToolExecutionResults } from "./State.js"
export type {
  CancelAccepted,
  ClientEvent,
  DataOf,
  DesignDocument,
  EventOf,
  EventType,
  Health,
  Message,
  RunCompletion,
  RunRequest,
  SessionSnapshot,
  StatusReport
} from "./Types.js"
