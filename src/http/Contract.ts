/**
 * The published contract: every endpoint of spec 01 declared once, as data (`HttpApi`), from which
 * `/openapi.json` and the `/docs` page are generated. The routes in `ChatRoutes`, `SessionRoutes`
 * and `StatusRoutes` implement it by hand — the SSE endpoints and the exact error bodies of spec 01
 * do not fit `HttpApiBuilder`'s encoders — and `test/embed/contract.test.ts` holds them to it by
 * validating real responses against this document.
 */
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { AgentContextRequest } from "../domain/AgentContext.js"
import { CancelAccepted, ErrorBody, Health, SessionSnapshot, StatusReport } from "../domain/Resources.js"
import { VERSION } from "../ServerInfo.js"
import { RunAgentInput } from "./agui/RunAgentInput.js"
import { ChatRequest } from "./aisdk/ChatRequest.js"
import { envelopeDefinitions, EVENTS_SCHEMA_PATH } from "./EventsJsonSchema.js"
import { tidy } from "./JsonSchemaTidy.js"

const SessionPath = Schema.Struct({ session_id: Schema.String })

/** The id of the last event received (as `Last-Event-ID`, or `?after=`). */
const Cursor = Schema.String.pipe(Schema.pattern(/^\d+$/)).annotations({ description: "The id of the last event received." })

const EventStream = Schema.String.pipe(
  HttpApiSchema.withEncoding({ kind: "Text", contentType: "text/event-stream" })
).annotations({
  description:
    "Server-Sent Events. Each event: `id:` (the resume cursor; absent on `heartbeat` and on an attach's opening `connection`), " +
    "`event:` (the event type) and one `data:` line holding the JSON envelope — see the `StreamEvent` schema and " +
    `${EVENTS_SCHEMA_PATH}. The stream opens with \`retry: 3000\` and a comment, and always ends with \`close\`.`
})

const Document = Schema.String.pipe(HttpApiSchema.withEncoding({ kind: "Text", contentType: "text/markdown" })).annotations({
  description: "The document body, as an attachment (`application/json` for JSON documents)."
})

/** A refusal: the `ErrorBody` body under one status. */
const refused = (status: number) => [ErrorBody, { status }] as const

class Chat extends HttpApiGroup.make("chat")
  .add(
    HttpApiEndpoint.post("start", "/api/chat/agent")
      .setPayload(AgentContextRequest)
      .addSuccess(EventStream)
      .addError(...refused(400))
      .addError(...refused(409))
      .addError(...refused(413))
      .addError(...refused(415))
      .addError(...refused(503))
      .annotate(OpenApi.Summary, "Start a run for one conversation turn")
      .annotate(
        OpenApi.Description,
        "The response is the run's live event stream. Unknown body keys are ignored. Refusals (before the stream starts) are JSON: " +
          "400 `invalid_json`, `invalid_request` (with each failing field path in `details`), `empty_history`, `no_user_message`; " +
          "409 `session_busy` (`details.events_url` is the attach endpoint); 413 `payload_too_large`; 415 `unsupported_media_type`; " +
          "503 `overloaded` / `shutting_down` with `Retry-After`. Response headers: `Content-Location` (the attach URL), `X-Session-Id`, `X-Run-Id`."
      )
  )
  .add(
    HttpApiEndpoint.get("events", "/api/chat/agent/:session_id/events")
      .setPath(SessionPath)
      .setUrlParams(Schema.Struct({ after: Schema.optional(Cursor) }))
      .setHeaders(Schema.Struct({ "last-event-id": Schema.optional(Cursor) }))
      .addSuccess(EventStream)
      .addSuccess(HttpApiSchema.NoContent.annotations({ description: "Nothing to follow: unknown session, expired run, or nothing after the cursor." }))
      .addError(...refused(400))
      .annotate(OpenApi.Summary, "Attach to or resume the session's run")
      .annotate(
        OpenApi.Description,
        "Replays the retained events with id greater than the cursor (`Last-Event-ID` header, or `?after=`; the header wins; " +
          "none = from the start), then follows the live run until `close`. Opens with a `connection` event (`resumed: true`, no id). " +
          "If events after the cursor were evicted, the first event is `error` with code `replay_gap` and `error_details.first_available_id`. " +
          "204 when the session is unknown, its retention expired, or the run is finished with nothing after the cursor. " +
          "400 `invalid_request` when the cursor is not a whole number."
      )
  )
  .add(
    HttpApiEndpoint.post("cancel", "/api/chat/agent/:session_id/cancel")
      .setPath(SessionPath)
      .addSuccess(CancelAccepted, { status: 202 })
      .addError(...refused(404))
      .annotate(OpenApi.Summary, "Cancel the session's active run")
      .annotate(
        OpenApi.Description,
        "Aborts the run's model request and interrupts its tools; its stream still ends with `conversation_end`, " +
          '`complete{status:"cancelled"}` and `close`. 404 `no_active_run` when nothing is running.'
      )
  ) {}

/** A dialect's stream: `data:` frames only, described in prose (the events are the dialect's own). */
const dialectStream = (description: string) =>
  Schema.String.pipe(HttpApiSchema.withEncoding({ kind: "Text", contentType: "text/event-stream" })).annotations({ description })

const AgUiStream = dialectStream(
  "AG-UI events, each as one `data: <json>` frame (no `id:`/`event:`); heartbeats are SSE comments. " +
    "`RUN_STARTED` first; `TEXT_MESSAGE_*`, `TOOL_CALL_*` (with `TOOL_CALL_RESULT`), progress as `ACTIVITY_SNAPSHOT`, documents and " +
    "custom events as `CUSTOM`; then `STATE_SNAPSHOT` and `RUN_FINISHED` (outcome `cancelled` on cancel), or `RUN_ERROR`."
)

const UiMessageStream = dialectStream(
  "AI SDK UI message stream parts (protocol `v1`), each as one `data: <json>` frame, ending with `data: [DONE]`; heartbeats are " +
    "SSE comments. `start`, steps, `text-*`, `tool-input-*`, `tool-output-*` (progress as preliminary output), `data-design-document`, " +
    "`data-<name>` for custom events, `error`, `abort` on cancel, `finish`."
)

class Dialects extends HttpApiGroup.make("dialects")
  .add(
    HttpApiEndpoint.post("agUi", "/api/ag-ui")
      .setPayload(RunAgentInput)
      .addSuccess(AgUiStream)
      .addError(...refused(400))
      .addError(...refused(409))
      .addError(...refused(413))
      .addError(...refused(415))
      .addError(...refused(503))
      .annotate(OpenApi.Summary, "One turn in the AG-UI dialect")
      .annotate(
        OpenApi.Description,
        "Takes AG-UI's `RunAgentInput`: `threadId` is the session, `messages` the conversation, `state` the `tool_execution_results`, " +
          "`forwardedProps` may hold `language`, `on_disconnect`, `heartbeat_interval`. The same run, limits and refusals as " +
          "`POST /api/chat/agent`, read as AG-UI events."
      )
  )
  .add(
    HttpApiEndpoint.post("aiSdkChat", "/api/chat")
      .setPayload(ChatRequest)
      .addSuccess(UiMessageStream)
      .addError(...refused(400))
      .addError(...refused(409))
      .addError(...refused(413))
      .addError(...refused(415))
      .addError(...refused(503))
      .annotate(OpenApi.Summary, "One turn as an AI SDK UI message stream")
      .annotate(
        OpenApi.Description,
        "Takes what `useChat` sends: `id` is the session, `messages` the UI messages. The state travels in each assistant message's " +
          "metadata (`tool_execution_results_updates`) unless the body carries `tool_execution_results`. Header " +
          "`x-vercel-ai-ui-message-stream: v1`."
      )
  )
  .add(
    HttpApiEndpoint.get("aiSdkResume", "/api/chat/:id/stream")
      .setPath(Schema.Struct({ id: Schema.String }))
      .addSuccess(UiMessageStream)
      .addSuccess(HttpApiSchema.NoContent.annotations({ description: "No active run for this chat." }))
      .annotate(OpenApi.Summary, "Resume the chat's active run as a UI message stream")
      .annotate(OpenApi.Description, "Replays the active run from its start, then follows it live (`useChat({ resume: true })`). 204 when none is active.")
  ) {}

class Sessions extends HttpApiGroup.make("sessions")
  .add(
    HttpApiEndpoint.get("snapshot", "/api/sessions/:session_id")
      .setPath(SessionPath)
      .addSuccess(SessionSnapshot)
      .addError(...refused(404))
      .annotate(OpenApi.Summary, "Snapshot of the session's latest run")
      .annotate(OpenApi.Description, "Status, timings, counters, documents and — once finished — the result. 404 `session_not_found`.")
  )
  .add(
    HttpApiEndpoint.get("document", "/api/sessions/:session_id/documents/:filename")
      .setPath(Schema.Struct({ session_id: Schema.String, filename: Schema.String }))
      .addSuccess(Document)
      .addError(...refused(404))
      .annotate(OpenApi.Summary, "Download a generated design document")
      .annotate(
        OpenApi.Description,
        "Served from the run's memory by exact filename (`Content-Disposition: attachment`); nothing is read from disk. 404 `document_not_found`."
      )
  ) {}

class Status extends HttpApiGroup.make("status")
  .add(
    HttpApiEndpoint.get("health", "/health")
      .addSuccess(Health)
      .addError(Health, { status: 503 })
      .annotate(OpenApi.Summary, "Liveness and readiness")
      .annotate(OpenApi.Description, '503 with `status: "shutting_down"` while the server drains.')
  )
  .add(HttpApiEndpoint.get("status", "/api/status").addSuccess(StatusReport).annotate(OpenApi.Summary, "Active sessions and counters"))
  .add(
    HttpApiEndpoint.get("eventsSchema", EVENTS_SCHEMA_PATH)
      .addSuccess(Schema.Record({ key: Schema.String, value: Schema.Unknown }).annotations({ description: "A JSON Schema (2020-12) document." }))
      .annotate(OpenApi.Summary, "JSON Schema of every stream event")
  ) {}

const description = `GTPlanner is an AI planning assistant whose every step streams over Server-Sent Events.

## The event stream

\`POST /api/chat/agent\` starts a run for one conversation turn and answers with its live event stream (\`text/event-stream\`).
Each event is framed as

\`\`\`
id: 12
event: assistant_message_chunk
data: {"event_type":"assistant_message_chunk","timestamp":"…Z","session_id":"s1","data":{…},"metadata":{}}
\`\`\`

\`id\` is a per-run integer from 1, strictly increasing without gaps — the resume cursor. \`heartbeat\` events (every
\`heartbeat_interval\` seconds) and the \`connection\` event that opens an attach carry no id. \`data\` is one line of JSON,
the envelope \`{event_type, timestamp, session_id, data, metadata}\`; with \`include_metadata\` the \`metadata\` holds
\`{event_index, elapsed_ms}\`. The shape of every event is in the \`StreamEvent\` schema below and, as a standalone
JSON Schema, at [${EVENTS_SCHEMA_PATH}](${EVENTS_SCHEMA_PATH}).

A run goes

\`\`\`
connection → conversation_start → processing_status* →
  { assistant_message_start → assistant_message_chunk* → assistant_message_end
    → ( tool_call_start → tool_call_progress* → tool_call_end → design_document_generated* )* }+
→ conversation_end → complete → close
\`\`\`

with heartbeats anywhere, parallel tool calls interleaved (tied by \`call_id\`) and \`custom\` events from embedder tools.
On failure \`error\` comes before \`conversation_end{success:false}\` and \`complete{status:"failed"}\`; on cancel,
\`complete{status:"cancelled"}\`. \`close\` is always last.

## Resume and state

After a dropped connection, \`GET /api/chat/agent/{session_id}/events\` with \`Last-Event-ID\` replays what you missed,
exactly once, then follows the run live. \`complete.result.new_messages\` are the messages this turn added: append them
to your history, merge \`tool_execution_results_updates\` into your \`tool_execution_results\`, and send both next turn —
the server keeps no conversation state a client depends on.

## Errors

Every refusal is JSON \`{"error": {"code", "message", "details"}}\` with a stable \`code\`.`

/** The whole API as data. Only its OpenAPI document and docs page are served from it. */
export class PlannerApi extends HttpApi.make("gtplanner")
  .add(Chat)
  .add(Dialects)
  .add(Sessions)
  .add(Status)
  .annotate(OpenApi.Title, "GTPlanner API")
  .annotate(OpenApi.Version, VERSION)
  .annotate(OpenApi.Description, description)
  .annotate(OpenApi.License, { name: "MIT" })
  .annotate(OpenApi.Transform, (spec) => finishSpec(spec)) {}

type Json = Record<string, unknown>

const entries = (value: unknown): Array<[string, Json]> => Object.entries((value ?? {}) as Record<string, Json>)

/**
 * What `OpenApi.fromApi` cannot say by itself: the event envelopes as components (so the docs
 * page lists them); no `HttpApiDecodeError` (these routes refuse bad input with `ErrorBody`); and
 * open objects, as everywhere in the published contract (see `JsonSchemaTidy`).
 */
const finishSpec = (spec: Json): Json => {
  const { names, definitions } = envelopeDefinitions({ target: "openApi3.1" })
  const components = (spec["components"] ?? {}) as Json
  const schemas: Json = { ...(components["schemas"] as Json | undefined) }
  for (const name of DECODE_ERROR_SCHEMAS) delete schemas[name]
  const paths: Json = {}
  for (const [path, operations] of entries(spec["paths"])) {
    const cleaned: Json = {}
    for (const [method, operation] of entries(operations)) {
      const responses: Json = {}
      for (const [status, response] of entries(operation["responses"])) {
        const kept = withoutDecodeError(response)
        if (kept !== undefined) responses[status] = kept
      }
      cleaned[method] = { ...operation, responses }
    }
    paths[path] = cleaned
  }
  const finished = {
    ...spec,
    paths,
    components: {
      ...components,
      schemas: {
        ...schemas,
        ...definitions,
        StreamEvent: {
          description: "The JSON envelope in each SSE `data:` line; `event_type` selects the shape.",
          oneOf: Object.values(names).map((name) => ({ $ref: `#/components/schemas/${name}` }))
        }
      }
    }
  }
  return tidy(finished, { open: true }) as Json
}

/** `HttpApi` declares its decode error on every endpoint, with the schemas it uses. */
const DECODE_ERROR_SCHEMAS = ["HttpApiDecodeError", "Issue", "PropertyKey"]
const DECODE_ERROR_REF = "#/components/schemas/HttpApiDecodeError"

/** A response without the `HttpApiDecodeError` alternative; undefined when nothing else is left. */
const withoutDecodeError = (response: Json): Json | undefined => {
  const content = response["content"] as Json | undefined
  const json = content?.["application/json"] as Json | undefined
  if (content === undefined || json === undefined) return response
  const schema = json["schema"] as Json
  if (schema["$ref"] === DECODE_ERROR_REF) return undefined
  if (!Array.isArray(schema["anyOf"])) return response
  const rest = (schema["anyOf"] as Array<Json>).filter((s) => s["$ref"] !== DECODE_ERROR_REF)
  const only = rest.length === 1 ? rest[0]! : { anyOf: rest }
  const description = typeof only["description"] === "string" ? only["description"] : response["description"]
  return { ...response, description, content: { ...content, "application/json": { ...json, schema: only } } }
}

/** The OpenAPI 3.1 document served at `/openapi.json`. */
export const openApiDocument = (): OpenApi.OpenAPISpec => OpenApi.fromApi(PlannerApi)
