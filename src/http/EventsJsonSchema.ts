/**
 * The JSON Schema of every event envelope (the JSON in each SSE `data:` line), generated from the
 * event Schemas in `domain/Events.ts` — never written by hand, so it cannot drift from what the
 * server emits. Served at `/api/schema/events.json` and embedded in the OpenAPI components.
 *
 * Objects are open (`additionalProperties` allowed) in the published document: spec 01 grows the
 * protocol only by adding keys, and a client validating with today's schema must keep working
 * against tomorrow's server. `strict` closes them, for tests that want to catch undeclared keys.
 */
import { JSONSchema, Schema, SchemaAST } from "effect"
import { type EventType, StreamEnvelope } from "../domain/Events.js"
import { tidy } from "./JsonSchemaTidy.js"

export interface JsonSchemaOptions {
  /** Where definitions live and how `$ref`s point at them. */
  readonly target: "jsonSchema2020-12" | "openApi3.1"
  /** Refuse keys the Schemas do not declare (default: allow them). */
  readonly strict?: boolean
}

export const EVENTS_SCHEMA_PATH = "/api/schema/events.json"

/** One line per event type, from spec 01's catalogue: shown in the docs and code generators. */
const descriptions: Record<EventType, string> = {
  connection: "Opens every stream. In a POST's stream it is id 1; an attach opens with one carrying `resumed: true` and no id.",
  conversation_start: "The turn has begun; `user_input` is the message being answered.",
  processing_status: "A human-readable status line, in the run's language.",
  assistant_message_start: "The assistant begins a message.",
  assistant_message_chunk: "A piece of the assistant's text, in order (`chunk_index`).",
  assistant_message_end: "The whole message, exactly once per started message, with its tool calls.",
  tool_call_start: "A tool call begins (`call_id` ties its events together).",
  tool_call_progress: "Progress of a running tool call.",
  tool_call_end: "A tool call ended: `completed` with `result`, or `failed` with `error_message`.",
  design_document_generated: "A design document produced by a tool call; also downloadable by filename.",
  custom: "A named event from a tool an embedder registered: `{name, value}`.",
  error: "What went wrong, with a stable `error_details.code`. A failed run has it right before `conversation_end`.",
  conversation_end: "The planner is done with the turn; `success` says how it went.",
  complete: "The run's outcome: status, `result` (new messages, state updates) and statistics.",
  close: "Always the last event of a stream.",
  heartbeat: "Keeps the connection alive; has no id and is not replayed."
}

const eventTypeOf = (ast: SchemaAST.AST): EventType => {
  const property = SchemaAST.getPropertySignatures(ast).find((p) => p.name === "event_type")
  if (property?.type._tag !== "Literal") throw new Error("every event has a literal event_type")
  return property.type.literal as EventType
}

/** `connection` → `ConnectionEnvelope`. */
const definitionName = (type: EventType) =>
  `${type
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("")}Envelope`

/** The envelope of each event type as its own definition, keyed by name, in catalogue order. */
export const envelopeDefinitions = (options: JsonSchemaOptions): { readonly names: Record<EventType, string>; readonly definitions: Record<string, unknown> } => {
  const definitions: Record<string, JSONSchema.JsonSchema7> = {}
  const names = {} as Record<EventType, string>
  const members = SchemaAST.isUnion(StreamEnvelope.ast) ? StreamEnvelope.ast.types : [StreamEnvelope.ast]
  for (const member of members) {
    const type = eventTypeOf(member)
    names[type] = definitionName(type)
    const named = Schema.make(member).annotations({ identifier: names[type], title: type, description: descriptions[type] })
    JSONSchema.fromAST(named.ast, {
      definitions,
      definitionPath: options.target === "openApi3.1" ? "#/components/schemas/" : "#/$defs/",
      target: options.target,
      additionalPropertiesStrategy: options.strict === true ? "strict" : "allow"
    })
  }
  return { names, definitions: tidy(definitions, { open: options.strict !== true }) as Record<string, unknown> }
}

/** The standalone document served at `/api/schema/events.json` (JSON Schema 2020-12). */
export const eventsJsonSchema = (options: { readonly strict?: boolean } = {}): Record<string, unknown> => {
  const { names, definitions } = envelopeDefinitions({ target: "jsonSchema2020-12", ...options })
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: EVENTS_SCHEMA_PATH,
    title: "GTPlanner stream event",
    description:
      "The envelope {event_type, timestamp, session_id, data, metadata} carried in the `data:` line of every Server-Sent Event " +
      "of POST /api/chat/agent and GET /api/chat/agent/{session_id}/events. `event_type` (equal to the SSE `event:` field) selects the shape of `data`.",
    oneOf: Object.values(names).map((name) => ({ $ref: `#/$defs/${name}` })),
    $defs: definitions
  }
}
