/** The prompt book of each language, and which prompt a system message is (for the demo model). */
import type { Language } from "../../domain/Language.js"
import { languages } from "../../domain/Language.js"
import { en } from "./en.js"
import { es } from "./es.js"
import { fr } from "./fr.js"
import { ja } from "./ja.js"
import type { DesignPrompts, PromptBook, PromptKind } from "./PromptBook.js"
import { zh } from "./zh.js"

export const books: Readonly<Record<Language, PromptBook>> = { en, zh, ja, es, fr }

export const promptBook = (language: Language): PromptBook => books[language]

/** Every fixed prompt of a book with its kind. */
export const promptsOf = (book: PromptBook): ReadonlyArray<readonly [PromptKind, string]> => [
  ["short_planning", book.shortPlanning],
  ["recommend_filter", book.recommendFilter],
  ["research_analysis", book.researchAnalysis],
  ...(Object.keys(book.design) as Array<keyof DesignPrompts>).map((key) => [`design_${key}` as PromptKind, book.design[key]] as const)
]

/**
 * Which prompt, in which language, a system message is: tool prompts are matched whole, the
 * orchestrator's by its fixed beginning (the state follows it).
 */
export const identifyPrompt = (system: string): { readonly kind: PromptKind; readonly language: Language } | undefined => {
  for (const language of languages) {
    const book = books[language]
    if (system.startsWith(book.orchestrator)) return { kind: "orchestrator", language }
    for (const [kind, text] of promptsOf(book)) if (system === text) return { kind, language }
  }
  return undefined
}
