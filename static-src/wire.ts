/**
 * The API's wire shapes as the page sees them, taken from the server's own Schemas
 * (`src/domain`) as types only — nothing of Effect reaches the bundle, but a change to an
 * event's fields breaks this page's type check instead of the page.
 */
import type { AgentContextRequest } from "../src/domain/AgentContext.js"
import type { DataOf, EventType, StreamEvent } from "../src/domain/Events.js"
import type { Language } from "../src/domain/Language.js"
import type { Message } from "../src/domain/Message.js"

export type { DataOf, EventType, Language, Message }

/** One parsed SSE event: the envelope, plus the `id:` it came with (none for heartbeats and attach's `connection`). */
export type WireEvent = StreamEvent & {
  readonly timestamp: string
  readonly session_id: string
  readonly metadata: Readonly<Record<string, unknown>>
}

export interface Received {
  readonly id: number | null
  readonly event: WireEvent
}

/** The request body as the page sends it (the Schema's encoded side, where options may be omitted). */
export type ChatRequest = typeof AgentContextRequest.Encoded

export type ToolResults = Readonly<Record<string, unknown>>

export interface DesignDocument {
  readonly filename: string
  readonly content: string
  readonly format: "markdown" | "json"
}

export const languages: ReadonlyArray<Language> = ["zh", "en", "ja", "es", "fr"]

export const isLanguage = (value: unknown): value is Language => languages.includes(value as Language)

/** The text of a message, whatever shape its content has. */
export const messageText = (message: Message): string =>
  message.content === null
    ? ""
    : typeof message.content === "string"
      ? message.content
      : message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n")

/** `{error: {code, message}}`, the shape of every refusal before a stream starts. */
export const errorMessageOf = (body: unknown, fallback: string): string => {
  const error = (body as { error?: { message?: unknown; code?: unknown } } | null)?.error
  return typeof error?.message === "string" ? error.message : fallback
}
