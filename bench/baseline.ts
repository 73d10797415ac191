/**
 * The baseline: a bare `node:http` relay with no framework. It serves `POST /api/chat/agent` like
 * the server — same framing (`id:`/`event:`/`data:`), same envelope, same event sequence as far as
 * text streaming goes — by calling the model's `/chat/completions` with undici's `request` (the
 * transport the server's `openai` client uses, so both call the model the same way), parsing its
 * SSE chunks with `eventsource-parser`, and writing one `assistant_message_chunk` per token. It
 * honours backpressure the plain way: while the client's socket needs draining it stops reading
 * the model. Settings: BENCH_PORT, BENCH_MODEL_URL (ending in /v1).
 */
import { createParser } from "eventsource-parser"
import { randomUUID } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { request } from "undici"

const modelUrl = process.env["BENCH_MODEL_URL"] ?? "http://127.0.0.1:8000/v1"
const port = Number(process.env["BENCH_PORT"] ?? "11311")

interface Message {
  readonly role: string
  readonly content: string
}

const readJson = async (req: IncomingMessage): Promise<{ session_id?: unknown; dialogue_history?: unknown }> => {
  const parts: Array<Buffer> = []
  for await (const part of req) parts.push(part as Buffer)
  return JSON.parse(Buffer.concat(parts).toString("utf8")) as { session_id?: unknown; dialogue_history?: unknown }
}

/** Resolves when the response can take more, or has closed. */
const drained = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done).off("close", done)
      resolve()
    }
    res.on("drain", done).on("close", done)
  })

const refuse = (res: ServerResponse, status: number, code: string) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ error: { code, message: code } }))

const relay = async (req: IncomingMessage, res: ServerResponse) => {
  const body = await readJson(req).catch(() => undefined)
  const history = body?.dialogue_history
  if (typeof body?.session_id !== "string" || !Array.isArray(history) || history.length === 0) return refuse(res, 400, "invalid_request")
  const sessionId = body.session_id
  const messages = (history as Array<Message>).map(({ role, content }) => ({ role, content }))
  const runId = `run_${randomUUID().replaceAll("-", "").slice(0, 16)}`
  const startedAt = Date.now()
  const aborted = new AbortController()
  res.once("close", () => aborted.abort())
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    "x-accel-buffering": "no",
    connection: "close",
    "x-session-id": sessionId,
    "x-run-id": runId
  })
  res.write("retry: 3000\n: baseline stream open\n\n")
  let id = 0
  const send = (event_type: string, data: unknown) => {
    const envelope = { event_type, timestamp: new Date().toISOString(), session_id: sessionId, data, metadata: {} }
    return res.write(`id: ${++id}\nevent: ${event_type}\ndata: ${JSON.stringify(envelope)}\n\n`)
  }
  const config = { include_metadata: false, buffer_events: false, heartbeat_interval: 30, on_disconnect: "continue", language: "en" }
  send("connection", { status: "connected", run_id: runId, resumed: false, dialogue_history_length: history.length, config, server_info: { name: "baseline", version: "0", features: [] }, llm: { model: "bench-model", demo: false } })
  send("conversation_start", { user_input: messages.at(-1)?.content ?? "" })
  send("processing_status", { status_message: "Thinking…", progress_info: {} })
  const messageId = `${runId}-m1`
  let text = ""
  let chunkIndex = 0
  let failure: string | null = null
  try {
    const upstream = await request(`${modelUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer bench" },
      body: JSON.stringify({ model: "bench-model", messages, stream: true, stream_options: { include_usage: true } }),
      signal: aborted.signal
    })
    if (upstream.statusCode !== 200) throw new Error(`model answered ${upstream.statusCode}`)
    send("assistant_message_start", { message_id: messageId })
    const parser = createParser({
      onEvent: ({ data }) => {
        if (data === "[DONE]") return
        const content = (JSON.parse(data) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content
        if (!content) return
        text += content
        send("assistant_message_chunk", { content, is_complete: false, chunk_index: chunkIndex++, total_chunks: null, message_id: messageId })
      }
    })
    const decoder = new TextDecoder()
    for await (const bytes of upstream.body) {
      parser.feed(decoder.decode(bytes as Buffer, { stream: true }))
      // Backpressure: while the client cannot take more, stop reading the model.
      if (res.writableNeedDrain) await drained(res)
      if (res.destroyed) return
    }
    send("assistant_message_end", { complete_message: text, message_id: messageId, message_metadata: {} })
  } catch (error) {
    if (res.destroyed) return
    failure = error instanceof Error ? error.message : String(error)
    send("error", { error_message: failure, error_details: { code: "llm_unavailable", error_type: "Upstream", retryable: true } })
  }
  const execution_time = (Date.now() - startedAt) / 1000
  const newMessages = failure === null ? [{ role: "assistant", content: text, timestamp: new Date().toISOString() }] : []
  const success = failure === null
  send("conversation_end", { success, execution_time, new_messages_count: newMessages.length, tool_execution_results_updates: {}, metadata: {}, new_messages: newMessages })
  const result = { success, session_id: sessionId, execution_time, new_messages: newMessages, tool_execution_results_updates: {}, metadata: {}, error: failure === null ? null : { code: "llm_unavailable", message: failure } }
  send("complete", { status: success ? "completed" : "failed", result, statistics: { total_events: id + 1, session_duration: execution_time } })
  send("close", { status: "closing", message: "Stream completed.", final_statistics: { total_events: id + 1, session_duration: execution_time } })
  res.end()
}

createServer((req, res) => {
  if (req.method === "GET" && req.url === "/health") return void res.writeHead(200, { "content-type": "application/json" }).end('{"status":"healthy"}')
  if (req.method === "POST" && req.url === "/api/chat/agent") return void relay(req, res).catch(() => res.destroy())
  refuse(res, 404, "not_found")
}).listen(port, "127.0.0.1", () => process.stdout.write(`baseline listening on http://127.0.0.1:${port}\n`))

process.once("SIGTERM", () => process.exit(0))
