/**
 * The page carries the conversation between turns (spec 01's state contract): the next request
 * holds the earlier turns' `new_messages` and the merged `tool_execution_results`, documents
 * accumulating by filename; the session survives a reload; Clear and New session do what they say.
 */
import type { Page } from "playwright-core"
import { expect, it } from "vitest"
import { documentTool, echoTool } from "../support/tools.js"
import { describeInBrowser, openPage, useAppAndBrowser } from "./support/browser.js"
import { sendCapturing, statusOf, waitIdle } from "./support/chat.js"
import { documentsTool } from "./support/tools.js"

interface SentBody {
  readonly session_id: string
  readonly dialogue_history: Array<{ role: string; content: string | null; tool_calls?: Array<{ id: string }>; tool_call_id?: string }>
  readonly tool_execution_results: { documents?: Array<{ filename: string; content: string }>; last_echo?: string }
}

/** Sends a message, waits for its run to end, and returns the body the page POSTed for it. */
const sendAndCapture = async (page: Page, text: string): Promise<SentBody> => {
  const body = await sendCapturing<SentBody>(page, text)
  await waitIdle(page)
  return body
}

describeInBrowser("multi-turn state", () => {
  const env = useAppAndBrowser({
    tools: [documentTool, echoTool, documentsTool("write_api", [{ filename: "api.md", content: "# API\n\nGET /books\n" }])]
  })

  it("sends the first turn's new messages and merged tool results with the next turn, and keeps them across a reload", async () => {
    env.app.model.script([
      { text: "Writing.", toolCalls: [{ name: "write_doc", arguments: { title: "Alpha" } }, { name: "echo", arguments: { text: "hi" } }] },
      { text: "First turn done." },
      { text: "Revising.", toolCalls: [{ name: "write_doc", arguments: { title: "Beta" } }, { name: "write_api", arguments: {} }] },
      { text: "Second turn done." },
      { text: "Third." }
    ])
    const { page, errors } = await openPage(env.browser, env.app.baseUrl)
    const first = await sendAndCapture(page, "plan it")
    expect(first.dialogue_history).toHaveLength(1)
    expect(first.tool_execution_results).toEqual({})

    const second = await sendAndCapture(page, "now revise it")
    expect(second.session_id).toBe(first.session_id)
    expect(second.dialogue_history.map((m) => m.role)).toEqual(["user", "assistant", "tool", "tool", "assistant", "user"])
    const calls = second.dialogue_history[1]!.tool_calls!.map((c) => c.id)
    expect(second.dialogue_history.slice(2, 4).map((m) => m.tool_call_id)).toEqual(calls)
    expect(second.dialogue_history[4]!.content).toBe("First turn done.")
    expect(second.tool_execution_results).toEqual({
      last_echo: "hi",
      documents: [{ filename: "design.md", format: "markdown", content: "# Alpha\n\nBody of Alpha.\n" }]
    })
    // The model saw the first turn's tool messages in the second turn's request.
    const seen = env.app.model.requests[2]!.body.messages
    expect(seen.filter((m) => m.role === "tool").map((m) => m.tool_call_id)).toEqual(calls)

    const third = await sendAndCapture(page, "thanks")
    // Documents accumulate by filename: design.md replaced by its new version, api.md added.
    expect(third.tool_execution_results.documents?.map((d) => [d.filename, d.content])).toEqual([
      ["design.md", "# Beta\n\nBody of Beta.\n"],
      ["api.md", "# API\n\nGET /books\n"]
    ])
    expect(third.dialogue_history).toHaveLength(11)

    // A reload shows the same conversation, tool calls and documents, and continues the session.
    await page.reload()
    await page.waitForSelector('body[data-run="idle"]')
    expect(await statusOf(page, "status-session")).toBe(first.session_id)
    expect(await page.locator(".msg.user .bubble").allTextContents()).toEqual(["plan it", "now revise it", "thanks"])
    expect(await page.locator(".tool-card").count()).toBe(4)
    expect(await page.locator(".tool-card[data-status=completed]").count()).toBe(4)
    expect(await page.locator("#documents-list li").evaluateAll((items) => items.map((li) => li.getAttribute("data-filename")))).toEqual([
      "design.md",
      "api.md"
    ])

    // Clear empties the screen but not the conversation.
    await page.click("#clear")
    expect(await page.locator(".msg").count()).toBe(0)
    expect(await page.locator("#event-log li").count()).toBe(0)
    env.app.model.script([{ text: "still here" }, { text: "fresh start" }])
    const afterClear = await sendAndCapture(page, "still there?")
    expect(afterClear.dialogue_history).toHaveLength(13)
    await page.reload()
    expect(await page.locator(".msg.user .bubble").allTextContents()).toEqual(["still there?"])

    // New session starts over: new id, no history, no documents.
    await page.click("#new-session")
    expect(await page.locator("#documents-list li").count()).toBe(0)
    const fresh = await sendAndCapture(page, "hello again")
    expect(fresh.session_id).not.toBe(first.session_id)
    expect(fresh.dialogue_history.map((m) => m.content)).toEqual(["hello again"])
    expect(fresh.tool_execution_results).toEqual({})
    expect(errors).toEqual([])
  })
})
