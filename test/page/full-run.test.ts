/**
 * A whole turn in the browser against the real server and the scripted model: streamed text
 * rendered as markdown, a card per tool call with its final status and duration, the generated
 * document in the panel — previewed, copied and downloaded byte for byte — and a screenshot.
 */
import { unzipSync, strFromU8 } from "fflate"
import { readFile } from "node:fs/promises"
import { expect, it } from "vitest"
import { documentTool, echoTool, failingTool } from "../support/tools.js"
import { describeInBrowser, openPage, screenshot, useAppAndBrowser } from "./support/browser.js"
import { assistantTexts, send, statusOf, waitIdle } from "./support/chat.js"

const finalReply = [
  "# Plan for the bookshop\n\n",
  "Here is what I propose:\n\n",
  "- a catalogue service\n",
  "- a shopping cart\n\n",
  "```ts\nconst cart = new Cart()\n```\n\n",
  "| Part | Owner |\n",
  "|---|---|\n",
  "| API | team A |\n",
  "| UI | team B |\n"
]

describeInBrowser("the test page runs a whole turn", () => {
  const env = useAppAndBrowser({ tools: [documentTool, echoTool, failingTool] })

  it("renders streamed markdown, live tool cards and the documents, and downloads a document exactly", async () => {
    env.app.model.script([
      {
        text: "Let me write the design first.",
        toolCalls: [
          { name: "write_doc", arguments: { title: "Bookshop" } },
          { name: "echo", arguments: { text: "hello" } },
          { name: "always_fails", arguments: {} }
        ],
        delayMs: 5
      },
      { text: finalReply, delayMs: 5 }
    ])
    const requested: Array<string> = []
    const { page, errors } = await openPage(env.browser, env.app.baseUrl, { prepare: async (context) => context.on("request", (r) => void requested.push(r.url())) })
    await send(page, "Plan an online bookshop")
    expect(await page.isDisabled("#send")).toBe(true)
    await waitIdle(page)

    // Text, in both assistant messages, with the markdown rendered.
    expect(await assistantTexts(page)).toHaveLength(2)
    expect((await assistantTexts(page))[0]).toBe("Let me write the design first.")
    const last = page.locator(".msg.assistant").last()
    expect(await last.locator("h1").textContent()).toBe("Plan for the bookshop")
    expect(await last.locator("ul > li").allTextContents()).toEqual(["a catalogue service", "a shopping cart"])
    expect(await last.locator("pre > code").textContent()).toBe("const cart = new Cart()\n")
    expect(await last.locator("table td").allTextContents()).toEqual(["API", "team A", "UI", "team B"])

    // One card per call, under the message that made the calls, each with its final status and duration.
    const first = page.locator(".msg.assistant").first()
    const cards = first.locator(".tool-card")
    expect(await cards.count()).toBe(3)
    const card = (name: string) => first.locator(".tool-card", { has: page.locator(".tool-name", { hasText: name }) })
    for (const name of ["write_doc", "echo"]) {
      expect(await card(name).getAttribute("data-status")).toBe("completed")
      expect(await card(name).locator(".tool-status").textContent()).toBe("completed")
      expect(await card(name).locator(".tool-duration").textContent()).toMatch(/^\d+\.\d\d s$/)
    }
    expect(await card("always_fails").getAttribute("data-status")).toBe("failed")
    expect(await card("always_fails").locator(".tool-error").textContent()).toContain("the external service said no")
    expect(await card("echo").locator(".tool-arguments").textContent()).toContain('"text": "hello"')
    expect(await card("echo").locator(".tool-result").textContent()).toContain('"echoed": "hello"')

    // The document: listed, previewed as markdown, copied and downloaded with its exact content.
    const content = "# Bookshop\n\nBody of Bookshop.\n"
    const doc = page.locator('#documents-list li[data-filename="design.md"]')
    await doc.waitFor()
    await doc.locator(".doc-preview").click()
    expect(await page.locator("#document-preview-body h1").textContent()).toBe("Bookshop")
    await doc.locator(".doc-copy").click()
    await page.locator("#documents-notice", { hasText: "Copied" }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(content)

    const [download] = await Promise.all([page.waitForEvent("download"), doc.locator(".doc-download").click()])
    expect(download.suggestedFilename()).toBe("design.md")
    expect(await readFile(await download.path(), "utf8")).toBe(content)

    const [zip] = await Promise.all([page.waitForEvent("download"), page.click("#documents-download-all")])
    expect(zip.suggestedFilename()).toMatch(/\.zip$/)
    const files = unzipSync(new Uint8Array(await readFile(await zip.path())))
    expect(Object.keys(files)).toEqual(["design.md"])
    expect(strFromU8(files["design.md"]!)).toBe(content)

    // The status panel agrees with the server about how far the run went.
    const sessionId = await statusOf(page, "status-session")
    const snapshot = (await (await fetch(`${env.app.baseUrl}/api/sessions/${sessionId}`)).json()) as { status: string; last_event_id: number }
    expect(snapshot.status).toBe("completed")
    expect(await statusOf(page, "status-last-event")).toBe(String(snapshot.last_event_id))
    expect(await statusOf(page, "status-connection")).toBe("closed")
    expect(await statusOf(page, "status-tool-calls")).toBe("3")
    expect(await statusOf(page, "status-messages")).toBe("3")
    expect(await page.locator(".msg.assistant[data-repaired]").count()).toBe(0)

    // Every asset and call went to this server (downloads are blob: URLs the page made itself).
    expect(requested.filter((url) => !url.startsWith(`${env.app.baseUrl}/`) && !url.startsWith("blob:"))).toEqual([])
    expect(requested).toContain(`${env.app.baseUrl}/static/dist/app.js`)
    await screenshot(page, "finished-run")
    expect(errors).toEqual([])
  })
})
