/**
 * The orchestrator's system prompt is shared between runs whose language and context are the
 * same (see `prompts/orchestrator.ts`). Sharing must never hand one session's context to another,
 * or one language's prompt to another.
 */
import { describe, expect, it } from "vitest"
import { orchestratorPrompt } from "../../src/planner/prompts/orchestrator.js"
import { readTag } from "../../src/planner/prompts/PromptBook.js"
import { promptBook } from "../../src/planner/prompts/Prompts.js"

const tools = ["short_planning", "design"]

describe("the orchestrator's prompt", () => {
  it("carries each run's own context and language, however many runs made one before", () => {
    const bare = orchestratorPrompt("en", {}, tools)
    expect(bare.startsWith(promptBook("en").orchestrator)).toBe(true)
    expect(readTag(bare, "available_tools")).toBe("short_planning, design")
    expect(orchestratorPrompt("en", {}, tools)).toBe(bare)

    const planA = orchestratorPrompt("en", { short_planning: "1. Build the API" }, tools)
    const planB = orchestratorPrompt("en", { short_planning: "1. Build the page" }, tools)
    expect(readTag(planA, "agreed_plan")).toBe("1. Build the API")
    expect(readTag(planB, "agreed_plan")).toBe("1. Build the page")

    const french = orchestratorPrompt("fr", {}, tools)
    expect(french.startsWith(promptBook("fr").orchestrator)).toBe(true)
    expect(french).not.toBe(bare)
    expect(readTag(orchestratorPrompt("en", {}, ["design"]), "available_tools")).toBe("design")
  })

  it("still carries a long context, which is not shared", () => {
    const plan = `1. ${"a long step, ".repeat(200)}done`
    expect(readTag(orchestratorPrompt("en", { short_planning: plan }, tools), "agreed_plan")).toBe(plan)
  })

  it("stays right when more contexts than it keeps have been made", () => {
    for (let i = 0; i < 200; i++) expect(readTag(orchestratorPrompt("en", { short_planning: `plan ${i}` }, tools), "agreed_plan")).toBe(`plan ${i}`)
  })
})
