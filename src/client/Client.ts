/**
 * The typed HTTP client of the GTPlanner API, for Node and browsers alike: `fetch`,
 * `AbortController` and `TextDecoder` only, and no Effect required of the caller.
 *
 * ```ts
 * const client = new GTPlannerClient({ baseUrl: "http://127.0.0.1:11211" })
 * const run = await client.start({ session_id: "s1", dialogue_history: [{ role: "user", content: "Plan a blog" }] })
 * for await (const event of run) if (event.event_type === "assistant_message_chunk") write(event.data.content)
 * const { status, result } = await run.result()
 * ```
 */
import { Conversation, type ConversationInit } from "./Conversation.js"
import { ApiError, NetworkError, ProtocolError, StreamClosed } from "./Errors.js"
import { type ReconnectOptions, type RunOptions, RunStream, type Transport } from "./RunStream.js"
import type { CancelAccepted, DesignDocument, Health, RunRequest, SessionSnapshot, StatusReport } from "./Types.js"

export interface ClientOptions {
  /** Where the API is, e.g. `http://127.0.0.1:11211` (a path prefix is kept). */
  readonly baseUrl: string
  /** Sent with every request — e.g. an `authorization` header. A function is asked anew each time (fresh tokens). */
  readonly headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>)
  /** Defaults for every run's reconnect policy. */
  readonly reconnect?: ReconnectOptions
  /** Another `fetch` (a polyfill, or one with a proxy or test hooks). */
  readonly fetch?: typeof globalThis.fetch
}

const readJson = async (response: Response): Promise<unknown> => {
  const text = await response.text()
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new ProtocolError(`Expected JSON from ${response.url} (status ${response.status}), got: ${text.slice(0, 200)}`, { cause: error })
  }
}

/** The `ApiError` a refusal stands for (any non-success response). */
export const refusalOf = async (response: Response): Promise<ApiError> => {
  const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN)
  let body: unknown = undefined
  try {
    body = await readJson(response)
  } catch {
    // Not the API's JSON (a proxy's error page, say): the status still tells what happened.
  }
  const error = (body as { readonly error?: { readonly code?: unknown; readonly message?: unknown; readonly details?: unknown } } | undefined)?.error
  return new ApiError(
    response.status,
    typeof error?.code === "string" ? error.code : `http_${response.status}`,
    typeof error?.message === "string" ? error.message : `HTTP ${response.status} ${response.statusText}`.trim(),
    error?.details,
    Number.isFinite(retryAfter) ? retryAfter : undefined
  )
}

const isEventStream = (response: Response) => (response.headers.get("content-type") ?? "").startsWith("text/event-stream")

export class GTPlannerClient {
  private readonly base: string
  private readonly fetcher: typeof globalThis.fetch

  constructor(readonly options: ClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "")
    // Called unbound, a browser's `fetch` throws "Illegal invocation".
    this.fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  }

  /**
   * Starts a run for one turn. Resolves once the server has accepted it (the stream's headers
   * arrived); rejects with `ApiError` when refused (400, 409 `session_busy`, 503, …) or
   * `NetworkError`. The POST itself is never retried — a run may have started.
   */
  async start(request: RunRequest, options: RunOptions = {}): Promise<RunStream> {
    const response = await this.send("POST", "/api/chat/agent", {
      body: JSON.stringify(request),
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      ...(options.signal ? { signal: options.signal } : {})
    })
    if (!response.ok || !isEventStream(response)) throw await refusalOf(response)
    const heartbeat = request.heartbeat_interval
    return new RunStream(request.session_id, response.headers.get("x-run-id") ?? "", response, this.transport(request.session_id), {
      ...this.runDefaults(),
      ...options,
      ...(heartbeat === undefined ? {} : { heartbeatInterval: heartbeat })
    })
  }

  /**
   * Attaches to the session's latest run: replays its retained events after `after` (default: all),
   * then follows it live. Undefined when there is nothing to follow (unknown session, expired run,
   * or a finished run with nothing after `after`).
   */
  async attach(sessionId: string, options: RunOptions & { readonly after?: number } = {}): Promise<RunStream | undefined> {
    const after = options.after ?? 0
    const response = await this.send("GET", `${sessionPath(sessionId)}/events`, {
      headers: { accept: "text/event-stream", "last-event-id": String(after) },
      ...(options.signal ? { signal: options.signal } : {})
    })
    if (response.status === 204) return undefined
    if (!response.ok || !isEventStream(response)) throw await refusalOf(response)
    return new RunStream(sessionId, response.headers.get("x-run-id") ?? "", response, this.transport(sessionId), {
      ...this.runDefaults(),
      ...options,
      after
    })
  }

  /** Cancels the session's active run; undefined when nothing is running. */
  async cancel(sessionId: string): Promise<CancelAccepted | undefined> {
    const response = await this.send("POST", `${sessionPath(sessionId)}/cancel`)
    if (response.status === 404) {
      const refusal = await refusalOf(response)
      if (refusal.code === "no_active_run") return undefined
      throw refusal
    }
    if (!response.ok) throw await refusalOf(response)
    return (await readJson(response)) as CancelAccepted
  }

  /** The snapshot of the session's latest run. Rejects with `ApiError` 404 `session_not_found`. */
  async snapshot(sessionId: string): Promise<SessionSnapshot> {
    return (await this.getJson(`/api/sessions/${encodeURIComponent(sessionId)}`)) as SessionSnapshot
  }

  /** One design document of the session's latest run. Rejects with `ApiError` 404 `document_not_found`. */
  async document(sessionId: string, filename: string): Promise<DesignDocument> {
    const response = await this.send("GET", `/api/sessions/${encodeURIComponent(sessionId)}/documents/${encodeURIComponent(filename)}`)
    if (!response.ok) throw await refusalOf(response)
    const format = (response.headers.get("content-type") ?? "").startsWith("application/json") ? "json" : "markdown"
    return { filename, format, content: await response.text() }
  }

  /** `/health`; answered also while shutting down (then with `status: "shutting_down"`). */
  async health(): Promise<Health> {
    const response = await this.send("GET", "/health")
    if (!response.ok && response.status !== 503) throw await refusalOf(response)
    return (await readJson(response)) as Health
  }

  /** `/api/status`: active sessions and counters. */
  status(): Promise<StatusReport> {
    return this.getJson("/api/status") as Promise<StatusReport>
  }

  /** A multi-turn conversation that carries its own history and `tool_execution_results` from turn to turn. */
  conversation(init: ConversationInit): Conversation {
    return new Conversation(this, init)
  }

  private runDefaults(): RunOptions {
    return this.options.reconnect ? { reconnect: this.options.reconnect } : {}
  }

  private transport(sessionId: string): Transport {
    return {
      attach: (after, signal) =>
        this.send("GET", `${sessionPath(sessionId)}/events`, { headers: { accept: "text/event-stream", "last-event-id": String(after) }, signal }),
      cancel: async () => (await this.cancel(sessionId)) !== undefined,
      refusal: refusalOf
    }
  }

  private async getJson(path: string): Promise<unknown> {
    const response = await this.send("GET", path)
    if (!response.ok) throw await refusalOf(response)
    return readJson(response)
  }

  private async send(
    method: string,
    path: string,
    init: { readonly body?: string; readonly headers?: Record<string, string>; readonly signal?: AbortSignal } = {}
  ): Promise<Response> {
    const common = typeof this.options.headers === "function" ? await this.options.headers() : (this.options.headers ?? {})
    try {
      return await this.fetcher(`${this.base}${path}`, {
        method,
        headers: { ...common, ...init.headers },
        ...(init.body === undefined ? {} : { body: init.body }),
        ...(init.signal === undefined ? {} : { signal: init.signal })
      })
    } catch (error) {
      if (init.signal?.aborted) throw new StreamClosed()
      throw new NetworkError(`${method} ${this.base}${path} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
    }
  }
}

const sessionPath = (sessionId: string) => `/api/chat/agent/${encodeURIComponent(sessionId)}`
