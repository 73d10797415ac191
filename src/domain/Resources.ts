/**
 * The JSON resources of the API outside the event stream (spec 01): the session snapshot, the
 * engine status, health, the cancel receipt and the error body. Declared as Schemas so that the
 * OpenAPI document, the typed client and the tests all read the same definition.
 */
import { Schema } from "effect"
import { RunResult, RunStatus } from "./Events.js"

const Iso = Schema.String.annotations({ description: "ISO-8601 UTC timestamp ending in Z.", jsonSchema: { format: "date-time" } })

export const DocumentInfo = Schema.Struct({
  filename: Schema.String,
  format: Schema.Literal("markdown", "json"),
  bytes: Schema.Number
}).annotations({ identifier: "DocumentInfo", description: "A design document the run produced; download it by filename." })

export const SessionSnapshot = Schema.Struct({
  session_id: Schema.String,
  run_id: Schema.String,
  status: RunStatus,
  started_at: Iso,
  ended_at: Schema.NullOr(Iso),
  event_count: Schema.Number,
  last_event_id: Schema.Number,
  listeners: Schema.Number,
  documents: Schema.Array(DocumentInfo),
  result: Schema.NullOr(RunResult).annotations({ description: "As in the `complete` event, once the run has finished." })
}).annotations({ identifier: "SessionSnapshot", description: "The latest run of a session." })
export type SessionSnapshot = typeof SessionSnapshot.Type

export const Totals = Schema.Struct({
  runs_started: Schema.Number,
  runs_completed: Schema.Number,
  runs_failed: Schema.Number,
  runs_cancelled: Schema.Number,
  events_emitted: Schema.Number
}).annotations({ identifier: "Totals" })

export const StatusReport = Schema.Struct({
  status: Schema.Literal("running"),
  active_sessions: Schema.Number,
  sessions: Schema.Array(
    Schema.Struct({
      session_id: Schema.String,
      run_id: Schema.String,
      status: RunStatus,
      started_at: Iso,
      events: Schema.Number,
      listeners: Schema.Number
    })
  ),
  totals: Totals,
  timestamp: Iso
}).annotations({ identifier: "StatusReport", description: "Active sessions and counters since the server started." })
export type StatusReport = typeof StatusReport.Type

export const Health = Schema.Struct({
  status: Schema.Literal("healthy", "degraded", "shutting_down"),
  service: Schema.String,
  version: Schema.String,
  timestamp: Iso,
  uptime_s: Schema.Number,
  llm: Schema.Struct({ configured: Schema.Boolean, model: Schema.String, demo: Schema.Boolean }),
  instance: Schema.Struct({ pid: Schema.Number, worker: Schema.NullOr(Schema.Number) }).annotations({
    description: "The process that answered, and its worker index under `--workers` (null otherwise): resume on the same one."
  }),
  api_status: StatusReport
}).annotations({
  identifier: "Health",
  description: "`degraded`: at the concurrent-run limit, so new runs are refused. `shutting_down` comes with status 503."
})
export type Health = typeof Health.Type

export const CancelAccepted = Schema.Struct({
  cancelled: Schema.Literal(true),
  run_id: Schema.String,
  session_id: Schema.String
}).annotations({ identifier: "CancelAccepted", description: "The run is being cancelled; its stream ends with `complete{status:\"cancelled\"}`." })
export type CancelAccepted = typeof CancelAccepted.Type

export const ErrorBody = Schema.Struct({
  error: Schema.Struct({
    code: Schema.String.annotations({ description: "Stable, machine-readable: `invalid_request`, `session_busy`, `no_active_run`, …" }),
    message: Schema.String.annotations({ description: "Human readable." }),
    details: Schema.optional(Schema.Unknown)
  })
}).annotations({ identifier: "ErrorBody", description: "Every refusal has this body." })
export type ErrorBody = typeof ErrorBody.Type
