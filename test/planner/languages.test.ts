/**
 * Five complete languages: in each, every prompt sent to the model is that language's, and every
 * string the server itself writes in the run (status, progress, errors, headings of documents it
 * assembles, the closing words) is in that language — never English leftovers or placeholders.
 */
import { detect } from "tinyld"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Language } from "../../src/domain/Language.js"
import { languages } from "../../src/domain/Language.js"
import { demoResponder } from "../../src/llm/scripted/DemoResponder.js"
import { messages } from "../../src/planner/i18n/messages.js"
import { identifyPrompt } from "../../src/planner/prompts/Prompts.js"
import { type TestApp, startApp } from "../support/app.js"
import { grammarViolations } from "../support/grammar.js"
import { systemOf } from "../support/planner.js"
import { startRun } from "../support/sse.js"

const asks: Record<Language, string> = {
  en: "Make a deep design of an online bookstore where readers buy used books",
  zh: "请为一个让读者购买二手书的在线书店做深度设计",
  ja: "読者が古本を買えるオンライン書店をディープ設計してください",
  es: "Haz un diseño profundo de una librería en línea donde los lectores compran libros usados",
  fr: "Fais une conception approfondie d'une librairie en ligne où les lecteurs achètent des livres d'occasion"
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/
const KANA = /[\u3040-\u30ff]/

/** Every string the server wrote for the user in this run (not the model's own words). */
const serverStrings = (events: ReadonlyArray<{ event_type: string; data: Record<string, any> }>): Array<string> =>
  events.flatMap((e) => {
    switch (e.event_type) {
      case "processing_status":
        return [e.data["status_message"]]
      case "tool_call_start":
      case "tool_call_progress":
      case "tool_call_end":
        return [e.data["progress_message"], ...(e.data["error_message"] ? [e.data["error_message"]] : [])]
      case "error":
        return [e.data["error_message"]]
      case "close":
        return [e.data["message"]]
      default:
        return []
    }
  })

let app: TestApp
beforeAll(async () => {
  app = await startApp({ tools: "planner" })
})
afterAll(() => app.close())

describe.each(languages.map((language) => [language]))("in %s", (language) => {
  it("prompts ask for it and every server-generated string of a deep design run is in it", async () => {
    app.model.script(demoResponder)
    const before = app.model.requests.length
    const events = (await (await startRun(app.baseUrl, { session_id: `lang-${language}`, dialogue_history: [{ role: "user", content: asks[language] }] })).readAll()).map(
      (e) => e.envelope
    )
    expect(grammarViolations(events)).toEqual([])
    expect(events[0]!.data["config"]["language"]).toBe(language) // detected from the message itself

    // Every request the model got was one of this language's prompts, written in it.
    const requests = app.model.requests.slice(before)
    const kinds = requests.map((r) => identifyPrompt(systemOf(r)))
    expect(kinds.every((k) => k?.language === language)).toBe(true)
    expect(new Set(kinds.map((k) => k!.kind))).toEqual(
      new Set(["orchestrator", "short_planning", "recommend_filter", "design_requirements", "design_architecture", "design_flows", "design_dataModel", "design_components", "design_component", "design_delivery"])
    )
    const orchestrator = systemOf(requests[0]!)
    expect(detect(orchestrator.slice(0, 1500))).toBe(language)

    // The server's own strings: in this script, and as a whole detected as this language.
    const strings = serverStrings(events)
    expect(strings.length).toBeGreaterThan(15)
    for (const s of strings) {
      if (language === "zh") expect(s, s).toMatch(CJK)
      if (language === "zh") expect(s, s).not.toMatch(KANA)
      if (language === "ja") expect(s, s).toMatch(KANA)
      if (language === "en" || language === "es" || language === "fr") expect(s, s).not.toMatch(CJK)
    }
    expect(detect(strings.join(" "))).toBe(language)
    if (language !== "en") {
      for (const s of strings) expect(s).not.toMatch(/\b(Starting|finished|failed|Stage \d|Designing component|Searching the)\b/)
    }

    // Headings the server writes itself into the documents it assembles.
    const m = messages[language].design
    const documents = events.filter((e) => e.event_type === "design_document_generated").map((e) => e.data as { filename: string; content: string })
    expect(documents.map((d) => d.filename)).toEqual(["01_requirements_analysis.md", "02_architecture.md", "03_flows.md", "04_data_model.md", "05_component_design.md", "06_design_complete.md"])
    // The demo model writes its documents in the run's language too.
    expect(detect(documents[0]!.content.replaceAll(/[|#*`>_-]+/g, " "))).toBe(language)
    const complete = documents[5]!.content
    expect(complete.startsWith(`# ${m.completeTitle("")}`)).toBe(true)
    expect(complete).toContain(`## ${m.contents}\n`)
    expect(complete).toContain(`> ${m.generatedBy}`)
    expect(documents[4]!.content.startsWith(`# ${m.componentTitle("")}`)).toBe(true)
    expect(events.at(-1)!.data["message"]).toBe(messages[language].closeCompleted)
  })
})

describe("the message tables", () => {
  it("are complete: outside English, no string is the English one", () => {
    const sample = (value: unknown): unknown => (typeof value === "function" ? (value as (...args: Array<unknown>) => unknown)("x", ["y"], 3) : value)
    const leaves = (value: unknown, path = ""): Array<[string, unknown]> =>
      value !== null && typeof value === "object" ? Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`)) : [[path, sample(value)]]
    const en = new Map(leaves(messages.en))
    for (const language of languages.filter((l) => l !== "en")) {
      const entries = leaves(messages[language])
      expect(entries.map(([path]) => path)).toEqual([...en.keys()])
      for (const [path, text] of entries) {
        expect(typeof text, `${language}${path}`).toBe("string")
        expect(String(text).trim(), `${language}${path}`).not.toBe("")
        // "architecture" is spelled alike in English and French; nothing else may be.
        if (!(language === "fr" && path === ".design.stageNames.architecture")) expect(text, `${language}${path}`).not.toBe(en.get(path))
      }
    }
  })
})
