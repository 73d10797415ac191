/**
 * `design` end to end, and the conversation that leads to it: plan → building blocks → design
 * over three turns, with the client carrying the state; the staged deep design; no plan, no design.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { RecordedRequest } from "../../src/llm/scripted/ScriptedModel.js"
import { promptBook } from "../../src/planner/prompts/Prompts.js"
import { type TestApp, startApp } from "../support/app.js"
import { grammarViolations } from "../support/grammar.js"
import { flowchartProblems, mermaidBlocks } from "../support/mermaid.js"
import { kindOf, plannerScript, requestsOf, userOf } from "../support/planner.js"
import { type SseEvent, startRun } from "../support/sse.js"

const PLAN = "## Bookshop\n\nAn online bookshop for second-hand books.\n\n1. **Catalogue**: list books.\n2. **Checkout**: pay for books."

interface Complete {
  status: string
  result: { new_messages: Array<Record<string, unknown>>; tool_execution_results_updates: Record<string, any> }
}
const completeOf = (events: ReadonlyArray<SseEvent>) => events.find((e) => e.event === "complete")!.envelope.data as Complete

let app: TestApp
beforeAll(async () => {
  app = await startApp({ tools: "planner", planner: { designConcurrency: 2 } })
})
afterAll(() => app.close())

const turn = async (sessionId: string, history: Array<Record<string, unknown>>, state: Record<string, unknown>) => {
  const events = await (await startRun(app.baseUrl, { session_id: sessionId, dialogue_history: history, tool_execution_results: state, language: "en" })).readAll()
  expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
  return events
}

describe("design", () => {
  it("without any plan fails with a message telling the model to plan first; the run still ends normally", async () => {
    app.model.script(plannerScript([{ toolCalls: [{ id: "d_noplan", name: "design", arguments: { user_requirements: "a bookshop", design_mode: "quick" } }] }, { text: "I need a plan first." }]))
    const events = await turn("design-noplan", [{ role: "user", content: "design it" }], {})
    const end = events.find((e) => e.event === "tool_call_end")!.envelope.data
    expect(end).toMatchObject({ status: "failed", error_message: "There is no plan yet. Agree the scope with the user and create a plan (short_planning) before calling design." })
    const toolMessage = completeOf(events).result.new_messages.find((m) => m["role"] === "tool")!
    expect(JSON.parse(String(toolMessage["content"]))).toMatchObject({ code: "plan_required", error: expect.stringMatching(/create a plan \(short_planning\) before calling design/) })
    expect(events.some((e) => e.event === "design_document_generated")).toBe(false)
    expect(completeOf(events).status).toBe("completed")
    expect(app.model.requests.slice(-2).every((r) => kindOf(r) === "orchestrator")).toBe(true)
  })

  it("three turns: plan, then building blocks, then a design whose prompt carries both; the client sends the state back", async () => {
    const history: Array<Record<string, unknown>> = [{ role: "user", content: "I want an online shop for second-hand books" }]
    let state: Record<string, unknown> = {}
    const next = async (sessionId: string, userText: string | null, script: ReturnType<typeof plannerScript>) => {
      if (userText) history.push({ role: "user", content: userText })
      app.model.script(script)
      const events = await turn(sessionId, history, state)
      const complete = completeOf(events)
      history.push(...complete.result.new_messages)
      state = { ...state, ...complete.result.tool_execution_results_updates }
      return events
    }

    await next(
      "three-1",
      null,
      plannerScript([{ toolCalls: [{ id: "t1_plan", name: "short_planning", arguments: { user_requirements: "online shop for second-hand books" } }] }, { text: "Here is a first plan. Shall I pick building blocks?" }], {
        short_planning: () => ({ text: PLAN })
      })
    )
    expect(state["short_planning"]).toBe(PLAN)

    await next(
      "three-2",
      "Yes, pick the building blocks",
      plannerScript([{ toolCalls: [{ id: "t2_rec", name: "tool_recommend", arguments: { query: "card payments checkout", top_k: 2 } }] }, { text: "Stripe fits. Quick or deep design?" }], {
        recommend_filter: () => ({ text: '{"selected":[{"id":"stripe","reason":"Checkout and webhooks for orders."}]}' })
      })
    )
    expect(state["recommended_tools"]).toEqual([expect.objectContaining({ id: "stripe", reason: "Checkout and webhooks for orders." })])
    // The orchestrator of turn 2 already saw the plan of turn 1 in its system prompt.
    expect(String(requestsOf(app.model.requests, "orchestrator").at(-2)!.body.messages[0]!.content)).toContain(`<agreed_plan>\n${PLAN}\n</agreed_plan>`)

    const doc = "# Bookshop Design\n\n## Overview\n\nSecond-hand books.\n"
    const events = await next(
      "three-3",
      "Quick design please",
      plannerScript([{ toolCalls: [{ id: "t3_design", name: "design", arguments: { user_requirements: "online shop for second-hand books", design_mode: "quick" } }] }, { text: "Your design is ready." }], {
        design_quick: () => ({ text: doc })
      })
    )
    const designRequest = requestsOf(app.model.requests, "design_quick").at(-1)!
    expect(designRequest.body.messages[0]!.content).toBe(promptBook("en").design.quick)
    expect(userOf(designRequest)).toContain(`<plan>\n${PLAN}\n</plan>`)
    expect(userOf(designRequest)).toMatch(/<recommended_building_blocks>\n- Stripe \(service, stripe\): .* — Checkout and webhooks for orders\. \[npm i stripe\]\n<\/recommended_building_blocks>/)

    const types = events.map((e) => e.event)
    const end = types.indexOf("tool_call_end")
    expect(types[end + 1]).toBe("design_document_generated")
    expect(events[end + 1]!.envelope.data).toEqual({ filename: "design.md", content: doc, format: "markdown", tool_call_id: "t3_design" })
    expect(events[end]!.envelope.data["result"]).toEqual({ design_mode: "quick", documents: [{ filename: "design.md", bytes: Buffer.byteLength(doc), headings: ["Bookshop Design", "Overview"] }] })
    expect(state["documents"]).toEqual([{ filename: "design.md", format: "markdown", content: doc }])
    // The model reads a summary of the documents, not their text.
    const toolMessage = completeOf(events).result.new_messages.find((m) => m["role"] === "tool")!
    expect(JSON.parse(String(toolMessage["content"]))).toEqual(events[end]!.envelope.data["result"])
    const snapshot = (await (await fetch(`${app.baseUrl}/api/sessions/three-3`)).json()) as { documents: unknown }
    expect(snapshot.documents).toEqual([{ filename: "design.md", format: "markdown", bytes: Buffer.byteLength(doc) }])
    expect(await (await fetch(`${app.baseUrl}/api/sessions/three-3/documents/design.md`)).text()).toBe(doc)
  })

  it("deep: six documents in order with per-stage progress; component designs run concurrently, never above the limit", async () => {
    let inFlight = 0
    let maxInFlight = 0
    const component = (request: RecordedRequest) => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      void request.settled.then(() => inFlight--)
      const name = userOf(request).match(/<component>\n(.+)\n/)![1]!
      return { text: `## ${name}\n\n### Responsibility\n\nDoes ${name} things.`, firstDelayMs: 300 }
    }
    const architecture = "# Architecture: Bookshop\n\n## Components\n\n| Component | Responsibility |\n|---|---|\n| Web | pages |\n"
    app.model.script(
      plannerScript(
        [{ toolCalls: [{ id: "deep_1", name: "design", arguments: { user_requirements: "online bookshop", design_mode: "deep" } }] }, { text: "Six documents are ready." }],
        {
          design_requirements: () => ({ text: "# Requirements analysis: Bookshop\n\n## Goals\n\n- sell books" }),
          design_architecture: () => ({ text: architecture }),
          design_flows: () => ({ text: '# Key flows: Bookshop\n\n## Checkout\n\n```mermaid\nflowchart TD\n  A["Cart"] --> B{"Paid?"}\n```' }),
          design_dataModel: () => ({ text: "# Data model and interfaces: Bookshop\n\n## Entities\n\n- Book" }),
          design_components: () => ({ text: JSON.stringify({ components: ["Catalog", "Cart", "Checkout", "Accounts", "Search"].map((name) => ({ name, responsibility: `${name} duty` })) }) }),
          design_component: component,
          design_delivery: () => ({ text: "## Milestones\n\n1. Launch" })
        }
      )
    )
    const events = await turn("design-deep", [{ role: "user", content: "deep design please" }], { short_planning: PLAN })
    const documents = events.filter((e) => e.event === "design_document_generated").map((e) => e.envelope.data as { filename: string; content: string })
    expect(documents.map((d) => d.filename)).toEqual([
      "01_requirements_analysis.md",
      "02_architecture.md",
      "03_flows.md",
      "04_data_model.md",
      "05_component_design.md",
      "06_design_complete.md"
    ])
    const progress = events.filter((e) => e.event === "tool_call_progress").map((e) => e.envelope.data as { progress_message: string; progress_info?: { step: number; total: number } })
    const stages = progress.filter((p) => p.progress_message.startsWith("Stage "))
    expect(stages.map((p) => p.progress_message)).toEqual([
      "Stage 1/6: requirements analysis…",
      "Stage 2/6: architecture…",
      "Stage 3/6: key flows…",
      "Stage 4/6: data model and interfaces…",
      "Stage 5/6: component design…",
      "Stage 6/6: assembling the complete design…"
    ])
    expect(stages.map((p) => p.progress_info)).toEqual([1, 2, 3, 4, 5, 6].map((step) => expect.objectContaining({ step, total: 6 })))
    expect(progress.filter((p) => p.progress_message.startsWith("Designing component")).map((p) => p.progress_message)).toHaveLength(5)
    // Concurrent, but at most the configured two at a time.
    expect(requestsOf(app.model.requests, "design_component").slice(-5)).toHaveLength(5)
    expect(maxInFlight).toBe(2)

    const componentsDoc = documents[4]!.content
    expect(componentsDoc).toMatch(/^# Component design: Bookshop\n/)
    for (const name of ["Catalog", "Cart", "Checkout", "Accounts", "Search"]) expect(componentsDoc).toContain(`## ${name}\n\n### Responsibility\n\nDoes ${name} things.`)
    const complete = documents[5]!.content
    expect(complete).toMatch(/^# Complete design: Bookshop\n/)
    expect(complete).toContain("## Contents\n\n1. Requirements analysis: Bookshop\n2. Architecture: Bookshop\n3. Key flows: Bookshop\n4. Data model and interfaces: Bookshop\n5. Component design: Bookshop")
    expect(complete).toContain("## Architecture: Bookshop\n\n### Components") // chapters are demoted one level
    expect(complete).toContain("## Milestones\n\n1. Launch")
    for (const chart of mermaidBlocks(complete)) expect(flowchartProblems(chart)).toEqual([])

    // The architecture stage got the requirements; components got the architecture and data model.
    expect(userOf(requestsOf(app.model.requests, "design_architecture").at(-1)!)).toContain("<requirements_analysis>\n# Requirements analysis: Bookshop")
    expect(userOf(requestsOf(app.model.requests, "design_component").at(-1)!)).toContain("<data_model>\n# Data model and interfaces: Bookshop")
    const updates = completeOf(events).result.tool_execution_results_updates["documents"] as Array<{ filename: string }>
    expect(updates.map((d) => d.filename)).toEqual(documents.map((d) => d.filename))
  })

  it("deep: a model failure in a stage fails the call without documents; the turn goes on", async () => {
    app.model.script(
      plannerScript([{ toolCalls: [{ id: "deep_2", name: "design", arguments: { user_requirements: "bookshop", design_mode: "deep" } }] }, { text: "The design could not be finished." }], {
        design_requirements: () => ({ text: "# Requirements analysis: Bookshop" }),
        design_architecture: () => ({ fault: { type: "status", status: 401, message: "bad key" } })
      })
    )
    const events = await turn("design-deep-fail", [{ role: "user", content: "deep design" }], { short_planning: PLAN })
    expect(events.find((e) => e.event === "tool_call_end")!.envelope.data).toMatchObject({ status: "failed", error_message: "The language model service rejected the API key. Check LLM_API_KEY." })
    expect(events.some((e) => e.event === "design_document_generated")).toBe(false)
    expect(completeOf(events)).toMatchObject({ status: "completed", result: { tool_execution_results_updates: {} } })
  })
})
