/**
 * What can go wrong for a client, as plain `Error` classes with a literal `_tag`: callers without
 * Effect use `instanceof` or the tag; Effect callers can `Effect.catchTag` them as they are.
 */

/** The server refused a request: `{"error": {"code", "message", "details"}}` with its status. */
export class ApiError extends Error {
  readonly _tag = "ApiError" as const
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** From `Retry-After` (503 `overloaded` / `shutting_down`). */
    readonly retryAfterSeconds?: number
  ) {
    super(message)
    this.name = "ApiError"
  }
}

/** The server could not be reached, or the connection failed before a response. */
export class NetworkError extends Error {
  readonly _tag = "NetworkError" as const
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options)
    this.name = "NetworkError"
  }
}

/** The connection dropped and every re-attach allowed by the reconnect policy failed. */
export class ReconnectFailed extends Error {
  readonly _tag = "ReconnectFailed" as const
  constructor(
    readonly attempts: number,
    readonly lastEventId: number,
    options?: { readonly cause?: unknown }
  ) {
    super(`The event stream dropped and ${attempts} attempts to resume after event ${lastEventId} failed.`, options)
    this.name = "ReconnectFailed"
  }
}

/** The connection dropped and the server no longer has the run (unknown session or retention expired). */
export class RunLost extends Error {
  readonly _tag = "RunLost" as const
  constructor(
    readonly sessionId: string,
    readonly lastEventId: number
  ) {
    super(`The run of session ${sessionId} can no longer be followed (after event ${lastEventId}): the server has no events to resume from.`)
    this.name = "RunLost"
  }
}

/** This client stopped listening (`close()`, the abort signal, or leaving the loop) before the run ended. */
export class StreamClosed extends Error {
  readonly _tag = "StreamClosed" as const
  constructor() {
    super("The event stream was closed by the client before the run ended.")
    this.name = "StreamClosed"
  }
}

/** The server sent something that is not the protocol (e.g. a `data:` line that is not JSON). */
export class ProtocolError extends Error {
  readonly _tag = "ProtocolError" as const
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options)
    this.name = "ProtocolError"
  }
}

export type ClientError = ApiError | NetworkError | ReconnectFailed | RunLost | StreamClosed | ProtocolError

export const isClientError = (error: unknown): error is ClientError =>
  error instanceof ApiError ||
  error instanceof NetworkError ||
  error instanceof ReconnectFailed ||
  error instanceof RunLost ||
  error instanceof StreamClosed ||
  error instanceof ProtocolError
