/**
 * Why a run could not start, as the JSON refusals of spec 01 — one mapping for the native
 * endpoint and every dialect, so they refuse alike.
 */
import { Effect } from "effect"
import type { Overloaded, SessionBusy, ShuttingDown } from "../engine/SessionRegistry.js"
import { errorResponse } from "./ApiError.js"
import type { RequestRejected } from "./RequestBody.js"

/**
 * Handlers for `Effect.catchTags` on a start: `followUrl` names where a client follows the run
 * that already holds the session (in the dialect it speaks).
 */
export const startRefusals = (followUrl: (sessionId: string) => string) => ({
  RequestRejected: (e: RequestRejected) => Effect.succeed(errorResponse(e.body)),
  SessionBusy: (e: SessionBusy) =>
    Effect.succeed(
      errorResponse({
        status: 409,
        code: "session_busy",
        message: `Session ${e.sessionId} already has an active run (${e.runId}); attach to it or wait until it ends.`,
        details: { run_id: e.runId, events_url: followUrl(e.sessionId) }
      })
    ),
  Overloaded: (e: Overloaded) =>
    Effect.succeed(
      errorResponse({
        status: 503,
        code: "overloaded",
        message: `The server is running its limit of ${e.limit} concurrent runs; try again shortly.`,
        headers: { "retry-after": String(e.retryAfterSeconds) }
      })
    ),
  ShuttingDown: (e: ShuttingDown) =>
    Effect.succeed(
      errorResponse({
        status: 503,
        code: "shutting_down",
        message: "The server is shutting down and takes no new runs.",
        headers: { "retry-after": String(e.retryAfterSeconds) }
      })
    )
})
