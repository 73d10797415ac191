/**
 * The four planning tools end to end: HTTP in, the real `openai` client against the scripted
 * model, the real catalog, and a local fake of the search/reader provider.
 */
import { Option, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { promptBook } from "../../src/planner/prompts/Prompts.js"
import { type TestApp, startApp } from "../support/app.js"
import { type FakeJina, startFakeJina } from "../support/fakeJina.js"
import { grammarViolations } from "../support/grammar.js"
import { plannerScript, requestsOf, userOf } from "../support/planner.js"
import { type SseEvent, startRun, userTurn } from "../support/sse.js"

const PLAN = "## Bookshop\n\nAn online bookshop.\n\n1. **Catalogue**: list books.\n2. **Checkout**: pay for books."

interface Complete {
  status: string
  result: { success: boolean; new_messages: Array<{ role: string; content: string; tool_call_id?: string }>; tool_execution_results_updates: Record<string, any> }
}
const completeOf = (events: ReadonlyArray<SseEvent>) => events.find((e) => e.event === "complete")!.envelope.data as Complete
const toolEvents = (events: ReadonlyArray<SseEvent>, callId: string) =>
  events.filter((e) => e.event?.startsWith("tool_call_") && e.envelope.data["call_id"] === callId).map((e) => e.envelope.data)
const toolMessage = (events: ReadonlyArray<SseEvent>, callId: string) => completeOf(events).result.new_messages.find((m) => m.role === "tool" && m.tool_call_id === callId)!

const run = async (app: TestApp, sessionId: string, text: string, extra: Record<string, unknown> = {}) => {
  const events = await (await startRun(app.baseUrl, userTurn(sessionId, text, { language: "en", ...extra }))).readAll()
  expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
  return events
}

let app: TestApp
let jina: FakeJina
beforeAll(async () => {
  jina = await startFakeJina()
  app = await startApp({
    tools: "planner",
    planner: {
      jinaApiKey: Option.some(Redacted.make("jina-test-key")),
      searchBaseUrl: jina.searchBaseUrl,
      readerBaseUrl: jina.readerBaseUrl,
      researchConcurrency: 2
    }
  })
})
afterAll(async () => {
  await app.close()
  await jina.close()
})

describe("short_planning", () => {
  it("writes the plan with its own prompt, reports progress, and returns it as short_planning", async () => {
    app.model.script(
      plannerScript(
        [{ toolCalls: [{ id: "plan_1", name: "short_planning", arguments: { user_requirements: "an online bookshop" } }] }, { text: "Here is the plan." }],
        { short_planning: () => ({ text: PLAN }) }
      )
    )
    const events = await run(app, "plan-ok", "plan an online bookshop")
    const calls = toolEvents(events, "plan_1")
    expect(calls.map((d) => d["status"])).toEqual(["starting", "running", "completed"])
    expect(calls[1]!["progress_message"]).toBe("Drafting the implementation plan…")
    expect(calls[2]!["result"]).toEqual({ planning_stage: "initial", plan: PLAN })
    const complete = completeOf(events)
    expect(complete.result.tool_execution_results_updates).toEqual({ short_planning: PLAN })
    expect(toolMessage(events, "plan_1").content).toBe(PLAN)
    const [toolRequest] = requestsOf(app.model.requests.slice(-3), "short_planning")
    expect(toolRequest!.body.messages[0]!.content).toBe(promptBook("en").shortPlanning)
    expect(userOf(toolRequest!)).toContain("<user_requirements>\nan online bookshop\n</user_requirements>")
  })

  it("revises the previous plan with the improvement points, and fails truthfully when the model fails", async () => {
    app.model.script(
      plannerScript(
        [
          { toolCalls: [{ id: "plan_2", name: "short_planning", arguments: { user_requirements: "bookshop", improvement_points: ["add gift cards"] } }] },
          { text: "The planning step failed." }
        ],
        { short_planning: () => ({ fault: { type: "status", status: 400, message: "bad request" } }) }
      )
    )
    const events = await run(app, "plan-fail", "add gift cards", { tool_execution_results: { short_planning: PLAN } })
    const calls = toolEvents(events, "plan_2")
    expect(calls[1]!["progress_message"]).toBe("Revising the plan with 1 improvement point…")
    expect(calls.at(-1)).toMatchObject({ status: "failed", error_message: "The language model sent a response that could not be understood." })
    const toolRequest = requestsOf(app.model.requests.slice(-3), "short_planning")[0]!
    expect(userOf(toolRequest)).toContain(`<previous_plan>\n${PLAN}\n</previous_plan>`)
    expect(userOf(toolRequest)).toContain("<improvement_points>\n- add gift cards\n</improvement_points>")
    expect(JSON.parse(toolMessage(events, "plan_2").content)).toMatchObject({ code: "llm_bad_response" })
    const complete = completeOf(events)
    expect(complete.status).toBe("completed")
    expect(complete.result.tool_execution_results_updates).toEqual({})
  })
})

describe("tool_recommend", () => {
  it("ranks a payments entry first for a payments query (search ranking, no filter)", async () => {
    app.model.script(
      plannerScript([{ toolCalls: [{ id: "rec_1", name: "tool_recommend", arguments: { query: "accept card payments", top_k: 3, use_llm_filter: false } }] }, { text: "ok" }])
    )
    const events = await run(app, "rec-pay", "payments")
    const tools = completeOf(events).result.tool_execution_results_updates["recommended_tools"] as Array<{ id: string; type: string; homepage: string; install?: string; score: number }>
    expect(tools).toHaveLength(3)
    expect(["stripe", "paypal", "adyen", "paddle", "lemon-squeezy", "alipay", "wechat-pay"]).toContain(tools[0]!.id)
    expect(tools[0]).toMatchObject({ id: "stripe", homepage: "https://docs.stripe.com", install: "npm i stripe", score: 1 })
    expect(toolEvents(events, "rec_1").map((d) => d["status"])).toEqual(["starting", "running", "running", "completed"])
  })

  it("keeps the model's selection, with reasons, when the filter answers well", async () => {
    app.model.script(
      plannerScript([{ toolCalls: [{ id: "rec_2", name: "tool_recommend", arguments: { query: "send transactional email", top_k: 2 } }] }, { text: "ok" }], {
        recommend_filter: () => ({ text: '```json\n{"selected":[{"id":"postmark","reason":"Fast delivery of receipts."},{"id":"not-a-candidate","reason":"x"}]}\n```' })
      })
    )
    const events = await run(app, "rec-filter", "email")
    const tools = completeOf(events).result.tool_execution_results_updates["recommended_tools"] as Array<{ id: string; reason?: string }>
    expect(tools.map((t) => [t.id, t.reason])).toEqual([["postmark", "Fast delivery of receipts."]])
    const filterRequest = requestsOf(app.model.requests.slice(-3), "recommend_filter")[0]!
    expect(filterRequest.body.messages[0]!.content).toBe(promptBook("en").recommendFilter)
    expect(userOf(filterRequest)).toMatch(/<candidates>\n\[\{"id":/)
  })

  it("falls back to the search ranking (not an empty list) when the filter answers garbage", async () => {
    app.model.script(
      plannerScript([{ toolCalls: [{ id: "rec_3", name: "tool_recommend", arguments: { query: "vector database for semantic search", top_k: 4 } }] }, { text: "ok" }], {
        recommend_filter: () => ({ text: "I think they are all great!!" })
      })
    )
    const events = await run(app, "rec-garbage", "vectors")
    const calls = toolEvents(events, "rec_3")
    expect(calls.at(-1)!["status"]).toBe("completed")
    expect(calls.map((d) => d["progress_message"])).toContain("The model's selection could not be used; keeping the search ranking.")
    const tools = completeOf(events).result.tool_execution_results_updates["recommended_tools"] as Array<{ id: string; reason?: string }>
    expect(tools).toHaveLength(4)
    expect(tools.every((t) => t.reason === undefined)).toBe(true)
    expect(["pinecone", "qdrant", "weaviate", "chroma", "pgvector", "milvus"]).toContain(tools[0]!.id)
  })

  it("fails with a clear message when nothing in the catalog matches", async () => {
    app.model.script(plannerScript([{ toolCalls: [{ id: "rec_4", name: "tool_recommend", arguments: { query: "zzqx wvvk" } }] }, { text: "ok" }]))
    const events = await run(app, "rec-none", "nothing")
    expect(toolEvents(events, "rec_4").at(-1)).toMatchObject({ status: "failed", error_message: "No building block in the catalog matches “zzqx wvvk”. Try other words." })
    expect(completeOf(events).status).toBe("completed")
  })
})

describe("research", () => {
  const analysis = { text: JSON.stringify({ summary: "Stripe is easy to set up.", key_points: ["Has a free tier."], recommendations: ["Use Checkout."], relevance: 0.9 }) }

  it("researches each keyword (top 2 pages each), records a keyword whose search failed, and succeeds", async () => {
    jina.failing.add("broken keyword")
    app.model.script(
      plannerScript(
        [{ toolCalls: [{ id: "res_1", name: "research", arguments: { keywords: ["stripe checkout", "broken keyword"], focus_areas: ["pricing"] } }] }, { text: "ok" }],
        { research_analysis: () => analysis }
      )
    )
    const events = await run(app, "research-ok", "research payments", { tool_execution_results: { short_planning: PLAN } })
    const calls = toolEvents(events, "res_1")
    expect(calls.at(-1)!["status"]).toBe("completed")
    const progress = calls.filter((d) => d["status"] === "running").map((d) => d["progress_message"])
    expect(progress).toEqual(
      expect.arrayContaining([
        "Researching 2 keywords…",
        "Searching the web for “stripe checkout”…",
        "Reading 2 pages about “stripe checkout”…",
        "Research on “stripe checkout” finished.",
        "Research on “broken keyword” failed."
      ])
    )
    const findings = completeOf(events).result.tool_execution_results_updates["research_findings"] as { results: Array<Record<string, unknown>>; summary: string; focus_areas: Array<string> }
    expect(findings.focus_areas).toEqual(["pricing"])
    expect(findings.results).toEqual([
      {
        keyword: "stripe checkout",
        success: true,
        summary: "Stripe is easy to set up.",
        key_points: ["Has a free tier."],
        recommendations: ["Use Checkout."],
        relevance: 0.9,
        sources: [
          { url: "https://docs.example/stripe-checkout/1", title: "Page https://docs.example/stripe-checkout/1" },
          { url: "https://docs.example/stripe-checkout/2", title: "Page https://docs.example/stripe-checkout/2" }
        ]
      },
      { keyword: "broken keyword", success: false, error: "The web search failed (HTTP 500)." }
    ])
    expect(findings.summary).toMatch(/^Researched 1 of 2 keywords\./)
    expect(JSON.parse(toolMessage(events, "res_1").content)).toEqual(findings)
    // The top two pages of the working keyword were read, not just the first hit; the key was sent.
    expect(jina.reads.filter((u) => u.includes("stripe-checkout")).sort()).toEqual(["https://docs.example/stripe-checkout/1", "https://docs.example/stripe-checkout/2"])
    expect(jina.searches.find((s) => s.query === "stripe checkout")!.authorization).toBe("Bearer jina-test-key")
    const analysisRequest = requestsOf(app.model.requests.slice(-3), "research_analysis")[0]!
    expect(userOf(analysisRequest)).toContain("explains setup, limits and pricing")
    expect(userOf(analysisRequest)).toContain(`<project_context>\n${PLAN}\n</project_context>`)
  })

  it("researches keywords concurrently, never more at once than the configured limit", async () => {
    jina.searchDelayMs = 150
    jina.resetConcurrency()
    try {
      const keywords = ["alpha topic", "beta topic", "gamma topic", "delta topic", "epsilon topic"]
      app.model.script(
        plannerScript([{ toolCalls: [{ id: "res_3", name: "research", arguments: { keywords, focus_areas: ["limits"] } }] }, { text: "ok" }], {
          research_analysis: () => analysis
        })
      )
      const events = await run(app, "research-limit", "research five things")
      expect(toolEvents(events, "res_3").at(-1)!["status"]).toBe("completed")
      const findings = completeOf(events).result.tool_execution_results_updates["research_findings"] as { results: Array<{ keyword: string; success: boolean }> }
      expect(findings.results.map((r) => [r.keyword, r.success])).toEqual(keywords.map((k) => [k, true]))
      expect(jina.maxConcurrentSearches()).toBe(2)
    } finally {
      jina.searchDelayMs = 0
    }
  })

  it("fails only when every keyword failed", async () => {
    jina.failing.add("also broken")
    app.model.script(
      plannerScript([{ toolCalls: [{ id: "res_2", name: "research", arguments: { keywords: ["broken keyword", "also broken"], focus_areas: ["limits"] } }] }, { text: "ok" }])
    )
    const events = await run(app, "research-fail", "research")
    expect(toolEvents(events, "res_2").at(-1)).toMatchObject({ status: "failed" })
    expect(toolEvents(events, "res_2").at(-1)!["error_message"]).toMatch(/^The research failed for every keyword\. broken keyword: The web search failed \(HTTP 500\)\./)
    expect(completeOf(events).result.tool_execution_results_updates).toEqual({})
  })

  it("is offered to the model only when a search key is configured", async () => {
    app.model.script([{ text: "hi" }])
    await run(app, "research-offered", "hello")
    expect(app.model.requests.at(-1)!.body.tools!.map((t) => t.function.name)).toEqual(["short_planning", "tool_recommend", "research", "design"])

    const without = await startApp({ tools: "planner" })
    try {
      without.model.script([{ text: "hi" }])
      await run(without, "research-absent", "hello")
      const offered = without.model.requests.at(-1)!.body.tools!.map((t) => t.function.name)
      expect(offered).toEqual(["short_planning", "tool_recommend", "design"])
      expect(String(without.model.requests.at(-1)!.body.messages[0]!.content)).toContain("<available_tools>\nshort_planning, tool_recommend, design\n</available_tools>")
    } finally {
      await without.close()
    }
  })
})
