/**
 * Every prompt the planner sends, per language. A prompt is fixed instruction text (the system
 * message, written in the run's language so the model answers in it); the data it works on goes
 * in the user message between XML-style tags, which keeps data and instructions apart for the
 * model and lets the demo model read the request back.
 */
import type { Language } from "../../domain/Language.js"

export interface DesignPrompts {
  readonly quick: string
  readonly requirements: string
  readonly architecture: string
  readonly flows: string
  readonly dataModel: string
  /** Lists the components of the architecture as JSON. */
  readonly components: string
  /** One component's section of `05_component_design.md`. */
  readonly component: string
  /** The closing sections of `06_design_complete.md`: error handling, testing, milestones, open questions. */
  readonly delivery: string
}

export interface PromptBook {
  readonly language: Language
  /** The orchestrator's instructions; the state of earlier turns is appended in tags. */
  readonly orchestrator: string
  readonly shortPlanning: string
  readonly recommendFilter: string
  readonly researchAnalysis: string
  readonly design: DesignPrompts
}

/** What a system prompt is for; the demo model uses it to answer like a planner would. */
export type PromptKind =
  | "orchestrator"
  | "short_planning"
  | "recommend_filter"
  | "research_analysis"
  | `design_${keyof DesignPrompts}`

/** One tagged piece of data: `<name>\ncontent\n</name>`; empty content is left out. */
export const tag = (name: string, content: string | undefined): string =>
  content === undefined || content.trim() === "" ? "" : `<${name}>\n${content.trim()}\n</${name}>`

/** A user message made of tagged pieces. */
export const tagged = (pieces: ReadonlyArray<readonly [string, string | undefined]>): string =>
  pieces.map(([name, content]) => tag(name, content)).filter((s) => s !== "").join("\n\n")

/** The content of `<name>…</name>` in a text, if present. */
export const readTag = (text: string, name: string): string | undefined => {
  const start = text.indexOf(`<${name}>\n`)
  if (start === -1) return undefined
  const from = start + name.length + 3
  const end = text.indexOf(`\n</${name}>`, from)
  return end === -1 ? undefined : text.slice(from, end)
}
