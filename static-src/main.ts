/**
 * The test chat page: wires the views to the session state and to one run at a time.
 *
 * A turn: the user's message and the whole history go out with the carried
 * `tool_execution_results`; the run's events drive the views; its `complete` folds the turn's
 * new messages and updates into the state (spec 01's multi-turn contract). The state lives in
 * `localStorage`, so a reload shows the conversation again and re-attaches to a run still going.
 */
import { cancelRun, fetchDemoFlag, snapshotUrl } from "./api.js"
import { type TurnView, Transcript } from "./chat.js"
import { DocumentsPanel } from "./documents.js"
import { byId } from "./dom.js"
import { EventLog } from "./event-log.js"
import { I18n } from "./i18n.js"
import { type FollowOptions, followRun } from "./run-stream.js"
import { completeTurn, documentsOf, emptySession, loadSession, type SessionState, saveSession } from "./session.js"
import { loadSettings, requestOptions, SettingsForm } from "./settings.js"
import { StatusPanel } from "./status.js"
import { type ChatRequest, type DataOf, type Message, messageText, type Received } from "./wire.js"

const storage = window.localStorage
const initialSettings = loadSettings(storage, navigator.languages)
const i18n = new I18n(initialSettings.language)
i18n.apply(document)
const settings = new SettingsForm(storage, initialSettings, (language) => i18n.set(language))

const input = byId<HTMLTextAreaElement>("composer-input")
const sendButton = byId<HTMLButtonElement>("send")
const stopButton = byId<HTMLButtonElement>("stop")
const newSessionButton = byId<HTMLButtonElement>("new-session")
const clearButton = byId<HTMLButtonElement>("clear")
const typing = byId("typing")
const typingStatus = byId("typing-status")
const demoBanner = byId("demo-banner")
const emptyChat = byId("empty-chat")

const transcript = new Transcript(i18n, byId("messages"))
const status = new StatusPanel(i18n)
const eventLog = new EventLog()
let state: SessionState = loadSession(storage)
const documents = new DocumentsPanel(i18n, () => state.sessionId)
let running = false
let eventCount = 0
/** Stops reconnecting once the page goes away (a reload re-attaches from its stored state). */
const leaving = new AbortController()
window.addEventListener("pagehide", () => leaving.abort())

const refresh = () => {
  status.setCounts({ messages: transcript.messageCount, events: eventCount, toolCalls: transcript.toolCallCount })
  emptyChat.hidden = transcript.messageCount > 0
}

const update = (next: SessionState) => {
  state = next
  saveSession(storage, state)
}

const setRunning = (value: boolean) => {
  running = value
  sendButton.disabled = value
  stopButton.disabled = !value
  newSessionButton.disabled = value
  clearButton.disabled = value
  typing.hidden = !value
  typingStatus.textContent = ""
  document.body.dataset["run"] = value ? "active" : "idle"
}

/** Draws the whole session from its state: the visible history, its documents, its ids. */
const showSession = () => {
  transcript.clear()
  transcript.showHistory(state.history.slice(state.shownFrom))
  documents.reset(documentsOf(state.toolResults))
  status.setSession(state.sessionId)
  status.setRun(null)
  status.setLastEventId(null)
  refresh()
}

/** What the server still knows of a run whose stream is gone (204): its result, if it finished. */
const snapshotResult = async (runId: string | null): Promise<{ status: string; result: DataOf<"complete">["result"] } | null> => {
  try {
    const response = await fetch(snapshotUrl(state.sessionId))
    if (!response.ok) return null
    const snapshot = (await response.json()) as { run_id: string; status: string; result: DataOf<"complete">["result"] | null }
    return snapshot.result !== null && (runId === null || snapshot.run_id === runId) ? { status: snapshot.status, result: snapshot.result } : null
  } catch {
    return null
  }
}

const onEvent = (turn: TurnView, received: Received) => {
  eventCount++
  eventLog.add(received, new Date())
  if (received.id !== null) status.setLastEventId(received.id)
  const { event } = received
  switch (event.event_type) {
    case "connection":
      status.setRun(event.data.run_id)
      if (event.data.llm.demo) demoBanner.hidden = false
      break
    case "heartbeat":
      status.heartbeatReceived()
      break
    case "processing_status":
      typingStatus.textContent = event.data.status_message
      break
    case "design_document_generated":
      documents.add({ filename: event.data.filename, content: event.data.content, format: event.data.format })
      break
    case "complete":
      update(completeTurn(state, event.data.result))
      break
    default:
      break
  }
  turn.apply(event)
  refresh()
}

/** Follows one turn's run to its end, whichever way it ends. */
const follow = async (userMessage: Message, start: FollowOptions["start"]) => {
  const turn = transcript.beginTurn(messageText(userMessage))
  setRunning(true)
  refresh()
  let completed = false
  let runId = start._tag === "Attach" ? start.runId : null
  const outcome = await followRun({
    sessionId: state.sessionId,
    start,
    signal: leaving.signal,
    onEvent: (received) => {
      if (received.event.event_type === "complete") completed = true
      onEvent(turn, received)
    },
    onState: (next) => status.setState(next),
    onRunId: (id) => {
      runId = id
      status.setRun(id)
      update({ ...state, pending: { userMessage, runId: id } })
    },
    onReconnect: () => status.reconnected()
  })
  switch (outcome._tag) {
    case "Refused":
    case "Unreachable":
      // Nothing ran: the message goes back into the box to send again.
      turn.note("error", outcome._tag === "Refused" ? "refused" : "unreachable", outcome._tag === "Refused" ? outcome.message : undefined)
      update({ ...state, pending: null })
      if (input.value === "") input.value = messageText(userMessage)
      break
    case "Gone":
      if (!completed) {
        const finished = await snapshotResult(runId)
        if (finished) {
          update(completeTurn(state, finished.result))
          if (finished.status === "cancelled") turn.note("cancelled", "turnCancelled")
          if (finished.status === "failed") turn.note("failed", "turnFailed")
        } else {
          turn.note("error", "turnLost")
          update({ ...state, pending: null })
        }
      }
      break
    case "GaveUp":
      // The run may still be going: the pending turn stays, so a reload tries again.
      turn.note("error", "turnGaveUp")
      break
    case "Closed":
    case "Aborted":
      break
  }
  setRunning(false)
  refresh()
}

const send = () => {
  const text = input.value.trim()
  if (running || text === "") return
  const userMessage: Message = { role: "user", content: text, timestamp: new Date().toISOString() }
  const body: ChatRequest = {
    session_id: state.sessionId,
    dialogue_history: [...state.history, userMessage],
    tool_execution_results: state.toolResults,
    ...requestOptions(settings.current)
  }
  input.value = ""
  update({ ...state, pending: { userMessage, runId: null } })
  void follow(userMessage, { _tag: "Post", body })
}

byId("composer").addEventListener("submit", (event) => {
  event.preventDefault()
  send()
})
input.addEventListener("keydown", (event) => {
  // Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition (zh, ja) is neither.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault()
    send()
  }
})
stopButton.addEventListener("click", () => {
  // The run ends through its own stream (`complete` with status "cancelled", then `close`).
  void cancelRun(state.sessionId).catch(() => undefined)
})
newSessionButton.addEventListener("click", () => {
  if (running) return
  update(emptySession())
  eventLog.clear()
  eventCount = 0
  showSession()
  input.focus()
})
clearButton.addEventListener("click", () => {
  if (running) return
  update({ ...state, shownFrom: state.history.length })
  transcript.clear()
  eventLog.clear()
  eventCount = 0
  refresh()
  input.focus()
})

setRunning(false)
showSession()
void fetchDemoFlag()
  .then((demo) => (demoBanner.hidden = !demo))
  .catch(() => undefined)
if (state.pending) {
  const { userMessage, runId } = state.pending
  void follow(userMessage, { _tag: "Attach", runId, historyLength: state.history.length + 1 })
}
