/**
 * The scripted OpenAI-compatible model (`src/llm/scripted/ScriptedModel.ts`) in its own process,
 * in a fast mode for benchmarks: each request's last user message says how many tokens and how
 * fast (`harness/benchPrompt.ts`), so one model serves every scenario and both relays alike.
 * Every token's text carries its emission time (`t<n>@<epoch ms> `). Prints one JSON line
 * `{"url": …}` once it listens.
 */
import type { Reply } from "../src/llm/scripted/Reply.js"
import { type RecordedRequest, start } from "../src/llm/scripted/ScriptedModel.js"
import { parseBenchPrompt } from "./harness/benchPrompt.js"

const lastUserText = (request: RecordedRequest): string => {
  const last = [...request.body.messages].reverse().find((m) => m.role === "user")
  return typeof last?.content === "string" ? last.content : ""
}

const respond = (request: RecordedRequest): Reply => {
  const text = lastUserText(request)
  const spec = parseBenchPrompt(text)
  if (spec === undefined) return { fault: { type: "status", status: 400, message: `not a bench prompt: ${text.slice(0, 80)}` } }
  return { tokens: spec.tokens, stampTokens: true, ...(spec.tps > 0 ? { delayMs: 1000 / spec.tps } : {}) }
}

const model = await start({ host: "127.0.0.1", replies: respond, model: "bench-model" })
// The model records every request; a benchmark sends thousands, so it forgets them as it goes.
setInterval(model.clearRequests, 1000).unref()
process.stdout.write(`${JSON.stringify({ url: model.url })}\n`)
const stop = () => void model.close().then(() => process.exit(0))
process.once("SIGTERM", stop)
process.once("SIGINT", stop)
