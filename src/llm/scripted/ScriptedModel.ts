/**
 * A real OpenAI-compatible HTTP server on loopback that answers `/v1/chat/completions` from a
 * script. The test suite drives it with scenarios; the demo model answers with it when no
 * provider is configured. It records every request and whether the client aborted it.
 */
import { Effect, type Scope } from "effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { type ChunkContext, type Reply, replySteps } from "./Reply.js"

export interface RecordedRequest {
  readonly index: number
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  /** The parsed JSON body (the chat-completions parameters). */
  readonly body: ChatCompletionsBody
  /** `streaming` until the response ends: `completed`, or `aborted` when the client went away first. */
  outcome: "streaming" | "completed" | "aborted" | "faulted"
  /** Resolves when the response is over, whichever way. */
  readonly settled: Promise<RecordedRequest["outcome"]>
}

export interface ChatCompletionsBody {
  readonly model?: string
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content?: unknown; readonly tool_calls?: unknown; readonly tool_call_id?: string }>
  readonly tools?: ReadonlyArray<{ readonly function: { readonly name: string } }>
  readonly stream?: boolean
  readonly stream_options?: { readonly include_usage?: boolean }
}

/** Picks the reply for a request: from a queue of scripted replies, or computed from the request. */
export type Responder = (request: RecordedRequest) => Reply

export interface ScriptedModelServer {
  /** Base URL for an OpenAI client, ending in `/v1`. */
  readonly url: string
  readonly requests: ReadonlyArray<RecordedRequest>
  /** Replace what the model will say: replies are used in order, one per request. */
  readonly script: (replies: ReadonlyArray<Reply> | Responder) => void
  /** Forgets the requests recorded so far (long soak runs would otherwise keep them all). */
  readonly clearRequests: () => void
  /** Waits until at least `n` requests have arrived. */
  readonly waitForRequests: (n: number) => Promise<void>
  /** How many client connections are open now (kept-alive ones included). */
  readonly openConnections: () => Promise<number>
  readonly close: () => Promise<void>
}

export interface ScriptedModelOptions {
  readonly host?: string
  readonly port?: number
  readonly model?: string
  readonly replies?: ReadonlyArray<Reply> | Responder
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const readBody = async (req: IncomingMessage): Promise<string> => {
  const parts: Array<Buffer> = []
  for await (const part of req) parts.push(part as Buffer)
  return Buffer.concat(parts).toString("utf8")
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers })
  res.end(JSON.stringify(body))
}

/** Starts the server; resolves once it listens. */
export const start = (options: ScriptedModelOptions = {}): Promise<ScriptedModelServer> => {
  const requests: Array<RecordedRequest> = []
  const waiters: Array<{ n: number; resolve: () => void }> = []
  let responder: Responder = () => ({ fault: { type: "status", status: 500, message: "scripted model: no reply scripted" } })
  let queue: Array<Reply> = []
  const script = (replies: ReadonlyArray<Reply> | Responder) => {
    if (typeof replies === "function") {
      responder = replies
      queue = []
    } else {
      queue = [...replies]
      responder = () =>
        queue.shift() ?? {
          fault: { type: "status", status: 500, message: `scripted model: no reply scripted for request #${requests.length}` }
        }
    }
  }
  if (options.replies) script(options.replies)
  const modelName = options.model ?? "scripted-model"

  const stream = async (req: IncomingMessage, res: ServerResponse, recorded: RecordedRequest, reply: Reply) => {
    const fault = reply.fault
    if (fault?.type === "reset") {
      req.socket.destroy()
      return
    }
    if (fault?.type === "status") {
      const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) }
      json(res, fault.status, { error: { message: fault.message ?? `scripted failure ${fault.status}`, type: "scripted", code: String(fault.status) } }, headers)
      return
    }
    let closed = false
    res.on("close", () => {
      closed = true
    })
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" })
    res.flushHeaders()
    const body = recorded.body
    const ctx: ChunkContext = {
      id: `chatcmpl-${recorded.index}`,
      model: body.model ?? modelName,
      created: Math.floor(Date.now() / 1000),
      includeUsage: body.stream_options?.include_usage === true,
      promptTokens: JSON.stringify(body.messages).length >> 2
    }
    if (reply.firstDelayMs) await sleep(reply.firstDelayMs)
    let written = 0
    for (const step of replySteps(reply, ctx, Date.now)) {
      if (closed) return
      if (step._tag === "Disconnect") {
        recorded.outcome = "faulted"
        // Node corks response writes until the next tick: let what was written leave first.
        await new Promise<void>((resolve) => setImmediate(resolve))
        res.destroy()
        return
      }
      if (step._tag === "Stall") {
        await new Promise<void>((resolve) => res.once("close", resolve))
        return
      }
      const text = step._tag === "Raw" ? step.text : `data: ${JSON.stringify(step.json)}\n\n`
      // Honour backpressure: a client that stops reading stops this loop, as a real provider's TCP would.
      if (!res.write(text)) await new Promise<void>((resolve) => res.once("drain", resolve).once("close", resolve))
      if (reply.delayMs) await sleep(reply.delayMs)
      else if (++written % 64 === 0) await new Promise<void>((resolve) => setImmediate(resolve))
    }
    if (!closed) res.end()
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost")
      if (req.method === "GET" && url.pathname === "/v1/models") {
        return json(res, 200, { object: "list", data: [{ id: modelName, object: "model", owned_by: "gtplanner" }] })
      }
      if (req.method !== "POST" || url.pathname !== "/v1/chat/completions") {
        return json(res, 404, { error: { message: `no route ${req.method} ${url.pathname}`, type: "not_found" } })
      }
      const raw = await readBody(req)
      let body: ChatCompletionsBody
      try {
        body = JSON.parse(raw) as ChatCompletionsBody
      } catch {
        return json(res, 400, { error: { message: "body is not JSON", type: "invalid_request_error" } })
      }
      let settle: (outcome: RecordedRequest["outcome"]) => void = () => undefined
      const recorded: RecordedRequest = {
        index: requests.length,
        method: req.method,
        path: url.pathname,
        headers: req.headers,
        body,
        outcome: "streaming",
        settled: new Promise((resolve) => (settle = resolve))
      }
      res.on("close", () => {
        if (recorded.outcome === "streaming") recorded.outcome = res.writableFinished ? "completed" : "aborted"
        settle(recorded.outcome)
      })
      requests.push(recorded)
      for (const w of waiters.filter((w) => requests.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
      await stream(req, res, recorded, responder(recorded))
    })().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { message: String(error), type: "scripted_model_error" } })
      else res.destroy()
    })
  })

  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      const host = options.host ?? "127.0.0.1"
      resolve({
        url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/v1`,
        requests,
        script,
        clearRequests: () => void requests.splice(0, requests.length),
        waitForRequests: (n) =>
          requests.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve })),
        openConnections: () => new Promise((resolve, reject) => server.getConnections((error, n) => (error ? reject(error) : resolve(n)))),
        close: () =>
          new Promise((resolve) => {
            server.closeAllConnections()
            server.close(() => resolve())
          })
      })
    })
  })
}

/** The server as a scoped resource: closed when the scope closes. */
export const scoped = (options: ScriptedModelOptions = {}): Effect.Effect<ScriptedModelServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => start(options)),
    (server) => Effect.promise(() => server.close())
  )
