/** The API's addresses and the few plain JSON calls the page makes (spec 01). */
export const chatUrl = "/api/chat/agent"

const session = (sessionId: string) => encodeURIComponent(sessionId)

export const eventsUrl = (sessionId: string): string => `${chatUrl}/${session(sessionId)}/events`

export const cancelUrl = (sessionId: string): string => `${chatUrl}/${session(sessionId)}/cancel`

export const snapshotUrl = (sessionId: string): string => `/api/sessions/${session(sessionId)}`

export const isEventStream = (response: Response): boolean =>
  (response.headers.get("content-type") ?? "").startsWith("text/event-stream")

/** Asks the server to stop the session's active run. 404 means nothing is running: already over. */
export const cancelRun = async (sessionId: string): Promise<void> => {
  await fetch(cancelUrl(sessionId), { method: "POST" })
}

/** `/health`'s view of the model: whether the demo model answers. */
export const fetchDemoFlag = async (): Promise<boolean> => {
  const response = await fetch("/health")
  const body = (await response.json()) as { llm?: { demo?: unknown } }
  return body.llm?.demo === true
}
