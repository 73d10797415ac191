/**
 * The client's half of the state contract (spec 01): what the turn's updates do to the
 * `tool_execution_results` sent next turn. The same rule as the planner's (`mergeUpdates`):
 * `documents` accumulate, a later document replacing an earlier one of the same filename; every
 * other key is replaced whole.
 */
type Results = Readonly<Record<string, unknown>>

const filenameOf = (doc: unknown): unknown => (doc !== null && typeof doc === "object" ? (doc as { readonly filename?: unknown }).filename : undefined)

export const mergeToolExecutionResults = (base: Results, updates: Results): Record<string, unknown> => {
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(updates)) {
    const previous = merged[key]
    if (key === "documents" && Array.isArray(previous) && Array.isArray(value)) {
      const replaced = new Set(value.map(filenameOf))
      merged[key] = [...previous.filter((doc) => !replaced.has(filenameOf(doc))), ...value]
    } else {
      merged[key] = value
    }
  }
  return merged
}
