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
  return context === "" ? promptBook(language).orchestrator : `${promptBook(language).orchestrator}\n\n${context}`
}
