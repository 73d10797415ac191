/**
 * How `tool_execution_results` grow (spec 01's state contract): the server merges each round's
 * updates this way within a turn, and a client merges a turn's `tool_execution_results_updates`
 * into the state it sends next turn the same way. Free of imports with effects, so the test page
 * bundles this very function.
 */
import type { ToolExecutionResults } from "./AgentContext.js"

/** `documents` accumulate (a later document with the same filename replaces the earlier one); every other key is replaced whole. */
export const mergeToolResults = (base: ToolExecutionResults, next: ToolExecutionResults): ToolExecutionResults => {
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(next)) {
    const previous = merged[key]
    if (key === "documents" && Array.isArray(previous) && Array.isArray(value)) {
      const names = new Set(value.map((d: { filename?: unknown }) => d?.filename))
      merged[key] = [...previous.filter((d: { filename?: unknown }) => !names.has(d?.filename)), ...value]
    } else {
      merged[key] = value
    }
  }
  return merged
}
