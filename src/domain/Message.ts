/**
 * Conversation messages in the OpenAI chat shape, as clients send them in `dialogue_history`
 * and as the server returns them in `complete.result.new_messages`.
 */
import { Schema } from "effect"

export const Role = Schema.Literal("user", "assistant", "system", "tool")
export type Role = typeof Role.Type

export const TextPart = Schema.Struct({
  type: Schema.Literal("text"),
  text: Schema.String
})

export const ImageUrlPart = Schema.Struct({
  type: Schema.Literal("image_url"),
  image_url: Schema.Struct({ url: Schema.String, detail: Schema.optional(Schema.String) })
})

/** OpenAI content parts; only text parts are read by the planner, images are carried along. */
export const ContentPart = Schema.Union(TextPart, ImageUrlPart)
export type ContentPart = typeof ContentPart.Type

export const ToolCall = Schema.Struct({
  id: Schema.String,
  type: Schema.Literal("function"),
  function: Schema.Struct({
    name: Schema.String,
    /** JSON text, exactly as the model produced it (it may not even be valid JSON). */
    arguments: Schema.String
  })
})
export type ToolCall = typeof ToolCall.Type

export const Message = Schema.Struct({
  role: Role,
  /** `null` is accepted because OpenAI-shaped assistant messages with tool calls carry it. */
  content: Schema.Union(Schema.String, Schema.Array(ContentPart), Schema.Null),
  timestamp: Schema.optional(Schema.String),
  metadata: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  tool_calls: Schema.optional(Schema.Array(ToolCall)),
  tool_call_id: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String)
})
export type Message = typeof Message.Type

/** The plain text of a message: the string itself, or its text parts joined. */
export const messageText = (message: Message): string => {
  const { content } = message
  if (content === null) return ""
  if (typeof content === "string") return content
  return content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n")
}
