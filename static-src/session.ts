/**
 * The conversation the page carries between turns — everything the server needs from a client
 * (spec 01: "the server keeps no conversation state a client depends on") — kept in
 * `localStorage` so a reload continues the same session, and re-attaches to a run still going.
 */
import { mergeToolResults } from "../src/domain/ToolResults.js"
import type { DataOf, DesignDocument, Message, ToolResults } from "./wire.js"

export { mergeToolResults }

/** The turn whose run is (or may still be) going: its user message joins the history only when the run says how it ended. */
export interface PendingTurn {
  readonly userMessage: Message
  /** Known once the server answered the POST (`X-Run-Id`). */
  readonly runId: string | null
}

export interface SessionState {
  readonly sessionId: string
  readonly history: ReadonlyArray<Message>
  readonly toolResults: ToolResults
  readonly pending: PendingTurn | null
  /** Where the visible transcript starts in `history` (Clear hides what came before, keeps it for the model). */
  readonly shownFrom: number
}

const STORAGE_KEY = "gtplanner.session.v1"

export const newSessionId = (): string => `web-${crypto.randomUUID()}`

export const emptySession = (): SessionState => ({ sessionId: newSessionId(), history: [], toolResults: {}, pending: null, shownFrom: 0 })

export const loadSession = (storage: Storage): SessionState => {
  try {
    const raw = storage.getItem(STORAGE_KEY)
    if (raw === null) return emptySession()
    const value = JSON.parse(raw) as Partial<SessionState>
    if (typeof value.sessionId !== "string" || !Array.isArray(value.history)) return emptySession()
    return {
      sessionId: value.sessionId,
      history: value.history,
      toolResults: value.toolResults ?? {},
      pending: value.pending ?? null,
      shownFrom: Math.min(value.shownFrom ?? 0, value.history.length)
    }
  } catch {
    return emptySession()
  }
}

/** Best effort: a full or disabled storage costs the reload, not the conversation. */
export const saveSession = (storage: Storage, state: SessionState): void => {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(state))
  } catch {
    // Nothing to do: the page works on from memory.
  }
}

/**
 * The state after a turn's `complete`: the turn counts when it added messages (a cancelled or
 * early-failed turn adds none, and then neither does its user message — resend to retry).
 */
export const completeTurn = (state: SessionState, result: DataOf<"complete">["result"]): SessionState => {
  const { new_messages, tool_execution_results_updates } = result
  const userMessage = state.pending?.userMessage
  const added = new_messages.length > 0 && userMessage ? [userMessage, ...new_messages] : []
  return {
    ...state,
    history: [...state.history, ...added],
    toolResults: mergeToolResults(state.toolResults, tool_execution_results_updates),
    pending: null
  }
}

/** The design documents the carried state holds (`tool_execution_results.documents`). */
export const documentsOf = (toolResults: ToolResults): Array<DesignDocument> => {
  const documents = toolResults["documents"]
  if (!Array.isArray(documents)) return []
  return documents.flatMap((d: Partial<DesignDocument> | null) =>
    d && typeof d.filename === "string" && typeof d.content === "string" ? [{ filename: d.filename, content: d.content, format: d.format === "json" ? "json" : "markdown" }] : []
  )
}
