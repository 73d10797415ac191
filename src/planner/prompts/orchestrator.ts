/**
 * The orchestrator's system prompt: who GTPlanner is and how it leads the conversation (in the
 * run's language, from the prompt book), followed by what earlier turns produced — the agreed
 * plan, the recommended building blocks, the research findings, the documents — in tags.
 */
import type { ToolExecutionResults } from "../../domain/AgentContext.js"
import type { Language } from "../../domain/Language.js"
import { documentsOf, formatRecommendations, formatResearch, planOf, recommendationsOf, researchOf } from "../PlanningState.js"
import { tagged } from "./PromptBook.js"
import { promptBook } from "./Prompts.js"

/**
 * Prompts already made, by language and context. Most runs carry no earlier results, so their
 * prompt is the same text every time: shared, it is not one 4 KiB copy per open stream. A prompt
 * with a long context (a plan, documents) is particular to its session and is not kept.
 */
const made = new Map<string, string>()
const SHARED_CONTEXT = 1024
const MADE_AT_MOST = 64

export const orchestratorPrompt = (language: Language, state: ToolExecutionResults, toolNames: ReadonlyArray<string>): string => {
  const research = researchOf(state)
  const documents = documentsOf(state)
  const context = tagged([
    ["available_tools", toolNames.join(", ")],
    ["agreed_plan", planOf(state)],
    ["recommended_building_blocks", formatRecommendations(recommendationsOf(state))],
    ["research_findings", research ? formatResearch(research) : undefined],
    ["design_documents", documents.map((d) => `- ${d.filename} (${Buffer.byteLength(d.content)} bytes)`).join("\n")]
  ])
  if (context === "") return promptBook(language).orchestrator
  if (context.length > SHARED_CONTEXT) return `${promptBook(language).orchestrator}\n\n${context}`
  const key = `${language}\u0000${context}`
  let prompt = made.get(key)
  if (prompt === undefined) {
    if (made.size >= MADE_AT_MOST) made.clear()
    prompt = `${promptBook(language).orchestrator}\n\n${context}`
    made.set(key, prompt)
  }
  return prompt
}
