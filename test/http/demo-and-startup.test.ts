/**
 * The real server process, started the way a user starts it: with nothing configured it plans on
 * the built-in demo model (and says so); with a broken catalog entry it refuses to start.
 */
import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runCommand } from "../support/command.js"
import { grammarViolations } from "../support/grammar.js"
import { flowchartProblems, mermaidBlocks } from "../support/mermaid.js"
import { MODEL_VARIABLES, type ServerProcess, spawnServer } from "../support/process.js"
import { startRun, userTurn } from "../support/sse.js"

const servers: Array<ServerProcess> = []
afterAll(async () => {
  for (const server of servers) {
    server.child.kill("SIGTERM")
    await server.exited
  }
})

describe("npm start with no environment", () => {
  it("plans on the demo model: tool calls, a design document, and demo announced in the log, /health and the stream", async () => {
    const server = await spawnServer({ JINA_API_KEY: "" }, { unset: [...MODEL_VARIABLES, "JINA_API_KEY"] })
    servers.push(server)
    expect(server.output()).toMatch(/No model configured .*demo model/)

    const health = (await (await fetch(`${server.baseUrl}/health`)).json()) as { llm: { demo: boolean; configured: boolean } }
    expect(health.llm).toMatchObject({ demo: true, configured: false })

    const events = await (await startRun(server.baseUrl, userTurn("demo-1", "design an online bookstore"))).readAll()
    expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
    expect(events[0]!.envelope.data["llm"]).toEqual({ model: "gtplanner-demo", demo: true })
    const ended = events.filter((e) => e.event === "tool_call_end").map((e) => e.envelope.data as { tool_name: string; status: string })
    expect(ended).toEqual([
      { ...ended[0], tool_name: "short_planning", status: "completed" },
      { ...ended[1], tool_name: "tool_recommend", status: "completed" },
      { ...ended[2], tool_name: "design", status: "completed" }
    ])
    const documents = events.filter((e) => e.event === "design_document_generated").map((e) => e.envelope.data as { filename: string; content: string })
    expect(documents.map((d) => d.filename)).toEqual(["design.md"])
    const design = documents[0]!.content
    // A real engineering document, built from the user's words and the tools' results.
    expect(design).toMatch(/^# Online bookstore: Design\n/)
    for (const heading of ["Overview", "Goals and non-goals", "Users and features", "Architecture", "Key flows", "Data model", "Interfaces and APIs", "Error handling", "Security", "Deployment", "Testing", "Milestones", "Open questions"]) {
      expect(design).toContain(`\n## ${heading}\n`)
    }
    expect(design).toContain('"design an online bookstore"')
    const recommended = (events.at(-2)!.envelope.data as { result: { tool_execution_results_updates: { recommended_tools: Array<{ name: string }> } } }).result.tool_execution_results_updates.recommended_tools
    expect(recommended.length).toBeGreaterThan(0)
    for (const block of recommended) expect(design).toContain(`**${block.name}**`)
    const charts = mermaidBlocks(design)
    expect(charts.length).toBeGreaterThanOrEqual(2)
    for (const chart of charts) expect(flowchartProblems(chart)).toEqual([])
    const download = await fetch(`${server.baseUrl}/api/sessions/demo-1/documents/design.md`)
    expect(await download.text()).toBe(design)
  })

  it("writes a deep design when asked on the next turn, with valid Mermaid in every document", async () => {
    const server = servers[0]!
    const first = await (await startRun(server.baseUrl, userTurn("demo-2", "design a tool library for my neighbourhood"))).readAll()
    const result = (first.at(-2)!.envelope.data as { result: { new_messages: Array<unknown>; tool_execution_results_updates: Record<string, unknown> } }).result
    const events = await (
      await startRun(server.baseUrl, {
        session_id: "demo-2",
        dialogue_history: [{ role: "user", content: "design a tool library for my neighbourhood" }, ...result.new_messages, { role: "user", content: "Now a deep design, please" }],
        tool_execution_results: result.tool_execution_results_updates
      })
    ).readAll()
    expect(grammarViolations(events.map((e) => e.envelope))).toEqual([])
    const documents = events.filter((e) => e.event === "design_document_generated").map((e) => e.envelope.data as { filename: string; content: string })
    expect(documents.map((d) => d.filename)).toEqual(["01_requirements_analysis.md", "02_architecture.md", "03_flows.md", "04_data_model.md", "05_component_design.md", "06_design_complete.md"])
    expect(mermaidBlocks(documents[2]!.content)).toHaveLength(3)
    for (const doc of documents) for (const chart of mermaidBlocks(doc.content)) expect(flowchartProblems(chart), doc.filename).toEqual([])
    expect(documents[4]!.content).toContain("## Web client\n")
    expect(documents[0]!.content).toContain("Tool library for my neighbourhood")
  })
})

describe("a malformed entry in the user's catalog folder", () => {
  it("stops startup with exit code 1 and a message naming the file and the field", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gtplanner-bad-catalog-"))
    await writeFile(join(dir, "team.yaml"), "- id: our-api\n  name: Our API\n  type: api\n  summary: Internal.\n  description: Internal API.\n  tags: [internal]\n  homepage: not-a-url\n")
    const { code, stdout, stderr } = await runCommand(["--no-reload", "--no-log-file"], { env: { GTPLANNER_PORT: "0", GTPLANNER_CATALOG_DIR: dir } })
    const output = stdout + stderr
    expect(code).toBe(1)
    expect(output).toContain(`Invalid building-block catalog file ${join(dir, "team.yaml")}, field [0].homepage: must be an http(s) URL`)
    expect(output).not.toMatch(/listening on/)
  })
})
