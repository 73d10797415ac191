/**
 * The demo model's replies when no provider is configured. It answers through the scripted
 * OpenAI-compatible server, so the whole pipeline (HTTP → engine → planner → openai client →
 * tools) runs exactly as with a real model. It plays the planner's model: it recognises the
 * planner's prompts (orchestrator and tool prompts, in each language) and answers each the way
 * a planner would, from the user's own words — deterministic, in the run's language.
 */
import { detectLanguage } from "../../planner/LanguageChoice.js"
import { readTag } from "../../planner/prompts/PromptBook.js"
import { identifyPrompt } from "../../planner/prompts/Prompts.js"
import { nextStep } from "./demo/DemoConversation.js"
import * as Docs from "./demo/DemoDocuments.js"
import { demoPhrases } from "./demo/AllPhrases.js"
import type { Reply } from "./Reply.js"
import type { RecordedRequest } from "./ScriptedModel.js"

const text = (content: unknown): string => (typeof content === "string" ? content : "")

export const demoResponder = (request: RecordedRequest): Reply => {
  const messages = request.body.messages
  const system = text(messages.find((m) => m.role === "system")?.content)
  const user = text([...messages].reverse().find((m) => m.role === "user")?.content)
  const prompt = identifyPrompt(system)
  if (!prompt) {
    const p = demoPhrases[detectLanguage(user) ?? "en"]
    return { text: p.fallback(user.slice(0, 300)), delayMs: 5 }
  }
  const p = demoPhrases[prompt.language]
  const project = () => Docs.projectOf(p, user)
  // A tool's answer streams in pieces of a few hundred characters, as a provider's would.
  const answer = (content: string): Reply => ({ text: content.match(/[\s\S]{1,200}/gu) ?? [""] })
  switch (prompt.kind) {
    case "orchestrator":
      return nextStep(p, system, request.body)
    case "short_planning":
      return answer(Docs.plan(p, user))
    case "recommend_filter":
      return answer(Docs.selection(p, user))
    case "research_analysis":
      return answer(Docs.analysis(p, user))
    case "design_quick":
      return answer(Docs.quickDesign(p, project()))
    case "design_requirements":
      return answer(Docs.requirementsDoc(p, project()))
    case "design_architecture":
      return answer(Docs.architectureDoc(p, project()))
    case "design_flows":
      return answer(Docs.flowsDoc(p, project()))
    case "design_dataModel":
      return answer(Docs.dataModelDoc(p, project()))
    case "design_components":
      return answer(Docs.componentList(readTag(user, "architecture") ?? ""))
    case "design_component":
      return answer(Docs.componentDoc(p, user))
    case "design_delivery":
      return answer(Docs.deliveryDoc(p, project()))
  }
}
