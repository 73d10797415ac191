/**
 * The demo model's replies when no provider is configured: it answers through the scripted
 * OpenAI-compatible server, so the whole pipeline (HTTP → engine → planner → openai client)
 * runs exactly as with a real model.
 */
import type { Reply } from "./Reply.js"
import type { RecordedRequest } from "./ScriptedModel.js"

const lastUserText = (request: RecordedRequest): string => {
  const last = [...request.body.messages].reverse().find((m) => m.role === "user")
  const content = last?.content
  if (typeof content === "string") return content
  if (Array.isArray(content)) {
    return content.flatMap((p: { type?: string; text?: string }) => (p.type === "text" && p.text ? [p.text] : [])).join("\n")
  }
  return ""
}

export const demoResponder = (request: RecordedRequest): Reply => {
  const idea = lastUserText(request).trim().slice(0, 500)
  return {
    text: [
      "**Demo mode** — no model is configured (set `LLM_BASE_URL`, `LLM_API_KEY` and `LLM_MODEL`), ",
      "so this answer comes from GTPlanner's built-in scripted model.\n\n",
      `You asked about: _${idea.replaceAll(/[_*`\\]/g, "")}_\n\n`,
      "With a real model configured, I would clarify the idea with you, agree the scope, ",
      "recommend building blocks and produce design documents, streaming every step here."
    ],
    delayMs: 15
  }
}
