/**
 * The parts of the AI SDK UI message stream (protocol `v1`, `ai` 5 and 6) this server sends —
 * a subset of the SDK's `UIMessageChunk`, written out here so the server does not depend on
 * the SDK; `test/adapters/ai-sdk-chunks.test.ts` holds it to the SDK's own type and schema.
 */

/** Why the message ended, in the SDK's words. */
export type FinishReason = "stop" | "length" | "content-filter" | "tool-calls" | "error" | "other"

export type UiMessageChunk =
  | { readonly type: "start"; readonly messageId: string; readonly messageMetadata: Readonly<Record<string, unknown>> }
  | { readonly type: "start-step" }
  | { readonly type: "finish-step" }
  | { readonly type: "text-start"; readonly id: string }
  | { readonly type: "text-delta"; readonly id: string; readonly delta: string }
  | { readonly type: "text-end"; readonly id: string }
  | { readonly type: "tool-input-start"; readonly toolCallId: string; readonly toolName: string }
  | { readonly type: "tool-input-available"; readonly toolCallId: string; readonly toolName: string; readonly input: unknown }
  | { readonly type: "tool-output-available"; readonly toolCallId: string; readonly output: unknown; readonly preliminary?: boolean }
  | { readonly type: "tool-output-error"; readonly toolCallId: string; readonly errorText: string }
  | { readonly type: `data-${string}`; readonly id?: string; readonly data: unknown }
  | { readonly type: "error"; readonly errorText: string }
  | { readonly type: "abort"; readonly reason: string }
  | { readonly type: "finish"; readonly finishReason: FinishReason; readonly messageMetadata: Readonly<Record<string, unknown>> }
