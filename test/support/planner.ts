/**
 * Drives the scripted model for planner tests: orchestrator replies come from a queue, and each
 * tool prompt (recognised by its system message) is answered by a function — so tool calls made
 * in parallel get the right answers whatever order their requests arrive in.
 */
import type { Reply } from "../../src/llm/scripted/Reply.js"
import type { RecordedRequest, Responder } from "../../src/llm/scripted/ScriptedModel.js"
import type { PromptKind } from "../../src/planner/prompts/PromptBook.js"
import { identifyPrompt } from "../../src/planner/prompts/Prompts.js"

export type ToolAnswers = Partial<Record<Exclude<PromptKind, "orchestrator">, (request: RecordedRequest) => Reply>>

export const systemOf = (request: RecordedRequest): string => String(request.body.messages.find((m) => m.role === "system")?.content ?? "")
export const userOf = (request: RecordedRequest): string => String([...request.body.messages].reverse().find((m) => m.role === "user")?.content ?? "")
export const kindOf = (request: RecordedRequest): PromptKind | undefined => identifyPrompt(systemOf(request))?.kind

export const plannerScript = (orchestrator: ReadonlyArray<Reply>, tools: ToolAnswers = {}): Responder => {
  const queue = [...orchestrator]
  return (request) => {
    const kind = kindOf(request)
    if (kind === undefined || kind === "orchestrator") {
      return queue.shift() ?? { fault: { type: "status", status: 500, message: "test script: no orchestrator reply left" } }
    }
    const answer = tools[kind]
    return answer ? answer(request) : { fault: { type: "status", status: 500, message: `test script: no answer for ${kind}` } }
  }
}

/** The requests of one kind, in arrival order. */
export const requestsOf = (requests: ReadonlyArray<RecordedRequest>, kind: PromptKind) => requests.filter((r) => kindOf(r) === kind)
