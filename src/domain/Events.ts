/**
 * Every event of the native dialect (spec 01) as one Schema union discriminated by `event_type`,
 * and the wire envelope `{event_type, timestamp, session_id, data, metadata}` around it.
 *
 * The planner produces `PlannerEvent`s; the engine adds the transport events (`connection`,
 * `complete`, `close`, `heartbeat`) and wraps each in an envelope (see `engine/Envelope.ts`).
 */
import { Schema } from "effect"
import { OnDisconnect, ToolExecutionResults } from "./AgentContext.js"
import { Language } from "./Language.js"
import { Message, ToolCall } from "./Message.js"

const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const event = <const T extends string, D extends Schema.Schema.Any>(type: T, data: D) =>
  Schema.Struct({ event_type: Schema.Literal(type), data })

// ---- data of each event -------------------------------------------------------------------

export const ConnectionData = Schema.Struct({
  status: Schema.Literal("connected"),
  run_id: Schema.String,
  resumed: Schema.Boolean,
  dialogue_history_length: Schema.Number,
  config: Schema.Struct({
    include_metadata: Schema.Boolean,
    buffer_events: Schema.Boolean,
    heartbeat_interval: Schema.Number,
    on_disconnect: OnDisconnect,
    language: Language
  }),
  server_info: Schema.Struct({
    name: Schema.String,
    version: Schema.String,
    features: Schema.Array(Schema.String)
  }),
  llm: Schema.Struct({ model: Schema.String, demo: Schema.Boolean })
})

export const ConversationStartData = Schema.Struct({ user_input: Schema.String })

export const ProcessingStatusData = Schema.Struct({
  status_message: Schema.String,
  progress_info: JsonObject
})

export const AssistantMessageStartData = Schema.Struct({ message_id: Schema.String })

export const AssistantMessageChunkData = Schema.Struct({
  content: Schema.String,
  is_complete: Schema.Literal(false),
  chunk_index: Schema.Number,
  total_chunks: Schema.Null,
  message_id: Schema.String
})

export const AssistantMessageEndData = Schema.Struct({
  complete_message: Schema.String,
  message_id: Schema.String,
  message_metadata: Schema.Struct({
    tool_calls: Schema.optional(Schema.Array(ToolCall)),
    /** Present and true when the message was cut short (cancel, failure). */
    interrupted: Schema.optional(Schema.Boolean),
    /**
     * Present and true when a message the server closed for its planner (cancel, crash) was
     * longer than the run's retention: `complete_message` is then the part still retained.
     */
    truncated: Schema.optional(Schema.Boolean)
  })
})

export const ToolCallStatus = Schema.Literal("starting", "running", "completed", "failed")

export const ProgressInfo = Schema.Struct({
  step: Schema.optional(Schema.Number),
  total: Schema.optional(Schema.Number)
}).pipe(Schema.extend(JsonObject))

const toolCallData = <S extends Schema.Schema.Any>(status: S) =>
  Schema.Struct({
    tool_name: Schema.String,
    status,
    call_id: Schema.String,
    progress_message: Schema.String,
    /** The parsed arguments, or the raw text when the model sent invalid JSON. */
    arguments: Schema.Unknown,
    result: Schema.Unknown,
    execution_time: Schema.NullOr(Schema.Number),
    error_message: Schema.NullOr(Schema.String),
    progress_info: Schema.optional(ProgressInfo)
  })

export const ToolCallStartData = toolCallData(Schema.Literal("starting"))
export const ToolCallProgressData = toolCallData(Schema.Literal("running"))
export const ToolCallEndData = toolCallData(Schema.Literal("completed", "failed"))

export const DocumentFormat = Schema.Literal("markdown", "json")
export type DocumentFormat = typeof DocumentFormat.Type

export const DesignDocumentData = Schema.Struct({
  filename: Schema.String,
  content: Schema.String,
  format: DocumentFormat,
  tool_call_id: Schema.String
})

export const CustomData = Schema.Struct({ name: Schema.String, value: Schema.Unknown })

export const ErrorData = Schema.Struct({
  error_message: Schema.String,
  error_details: Schema.Struct({
    code: Schema.String,
    error_type: Schema.String,
    retryable: Schema.Boolean,
    first_available_id: Schema.optional(Schema.Number)
  }).pipe(Schema.extend(JsonObject))
})

export const ConversationEndData = Schema.Struct({
  success: Schema.Boolean,
  execution_time: Schema.Number,
  new_messages_count: Schema.Number,
  tool_execution_results_updates: ToolExecutionResults,
  metadata: JsonObject,
  /** Additive to the original: the messages themselves, so `Planner.run` alone is enough to continue. */
  new_messages: Schema.Array(Message)
})

export const RunStatus = Schema.Literal("running", "completed", "failed", "cancelled")
export type RunStatus = typeof RunStatus.Type

export const RunError = Schema.Struct({ code: Schema.String, message: Schema.String })

export const RunResult = Schema.Struct({
  success: Schema.Boolean,
  session_id: Schema.String,
  execution_time: Schema.Number,
  new_messages: Schema.Array(Message),
  tool_execution_results_updates: ToolExecutionResults,
  metadata: JsonObject,
  error: Schema.NullOr(RunError)
})
export type RunResult = typeof RunResult.Type

export const Statistics = Schema.Struct({ total_events: Schema.Number, session_duration: Schema.Number })

export const CompleteData = Schema.Struct({
  status: Schema.Literal("completed", "failed", "cancelled"),
  result: RunResult,
  statistics: Statistics
})

export const CloseData = Schema.Struct({
  status: Schema.Literal("closing"),
  message: Schema.String,
  final_statistics: Statistics
})

export const HeartbeatData = Schema.Struct({ session_duration: Schema.Number, event_count: Schema.Number })

// ---- the events ---------------------------------------------------------------------------

export const ConnectionEvent = event("connection", ConnectionData)
export const ConversationStartEvent = event("conversation_start", ConversationStartData)
export const ProcessingStatusEvent = event("processing_status", ProcessingStatusData)
export const AssistantMessageStartEvent = event("assistant_message_start", AssistantMessageStartData)
export const AssistantMessageChunkEvent = event("assistant_message_chunk", AssistantMessageChunkData)
export const AssistantMessageEndEvent = event("assistant_message_end", AssistantMessageEndData)
export const ToolCallStartEvent = event("tool_call_start", ToolCallStartData)
export const ToolCallProgressEvent = event("tool_call_progress", ToolCallProgressData)
export const ToolCallEndEvent = event("tool_call_end", ToolCallEndData)
export const DesignDocumentGeneratedEvent = event("design_document_generated", DesignDocumentData)
export const CustomEvent = event("custom", CustomData)
export const ErrorEvent = event("error", ErrorData)
export const ConversationEndEvent = event("conversation_end", ConversationEndData)
export const CompleteEvent = event("complete", CompleteData)
export const CloseEvent = event("close", CloseData)
export const HeartbeatEvent = event("heartbeat", HeartbeatData)

/** What the planner emits: spec 01's catalogue minus the transport events. */
export const PlannerEvent = Schema.Union(
  ConversationStartEvent,
  ProcessingStatusEvent,
  AssistantMessageStartEvent,
  AssistantMessageChunkEvent,
  AssistantMessageEndEvent,
  ToolCallStartEvent,
  ToolCallProgressEvent,
  ToolCallEndEvent,
  DesignDocumentGeneratedEvent,
  CustomEvent,
  ErrorEvent,
  ConversationEndEvent
)
export type PlannerEvent = typeof PlannerEvent.Type

/** Every event that can appear in a run's log (the heartbeat is not logged). */
export const RunEvent = Schema.Union(ConnectionEvent, PlannerEvent, CompleteEvent, CloseEvent)
export type RunEvent = typeof RunEvent.Type

/** Every native event, heartbeat included. */
export const StreamEvent = Schema.Union(RunEvent, HeartbeatEvent)
export type StreamEvent = typeof StreamEvent.Type
export type EventType = StreamEvent["event_type"]

export type EventOf<T extends EventType> = Extract<StreamEvent, { readonly event_type: T }>
export type DataOf<T extends EventType> = EventOf<T>["data"]

/** The wire envelope of one event (the JSON in each SSE `data:` line). */
export const Envelope = Schema.Struct({
  event_type: Schema.String,
  timestamp: Schema.String,
  session_id: Schema.String,
  data: Schema.Unknown,
  metadata: JsonObject
})
export type Envelope<E extends StreamEvent = StreamEvent> = E & {
  readonly timestamp: string
  readonly session_id: string
  readonly metadata: Readonly<Record<string, unknown>>
}

/** When an event was emitted: ISO-8601 UTC ending in `Z`. */
export const Timestamp = Schema.String.pipe(Schema.pattern(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)).annotations({
  description: "ISO-8601 UTC timestamp ending in Z."
})

/** The envelope with its inner `data` checked against the event's own schema. */
export const StreamEnvelope = Schema.extend(
  StreamEvent,
  Schema.Struct({ timestamp: Timestamp, session_id: Schema.String, metadata: JsonObject })
)

/** Builds an event value with its type checked against the catalogue. */
export const makeEvent = <T extends EventType>(event_type: T, data: DataOf<T>): EventOf<T> =>
  ({ event_type, data }) as unknown as EventOf<T>
