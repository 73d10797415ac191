/**
 * The page at a phone's 360×740: a whole run with long words, a wide table, a long code line and
 * long document names never makes the page scroll sideways. And the keyboard: Enter sends,
 * Shift+Enter breaks the line, the message list is an ARIA live log.
 */
import { expect, it } from "vitest"
import { echoTool } from "../support/tools.js"
import { describeInBrowser, openPage, screenshot, useAppAndBrowser } from "./support/browser.js"
import { send, waitIdle } from "./support/chat.js"
import { documentsTool } from "./support/tools.js"

const wide = [
  "## A reply with wide things\n\n",
  `A long word: ${"x".repeat(200)} and a link https://example.invalid/${"path/".repeat(30)}\n\n`,
  `\`\`\`\n${"const aVeryLongLine = ".repeat(12)}1\n\`\`\`\n\n`,
  `| ${Array.from({ length: 12 }, (_, i) => `column${i}`).join(" | ")} |\n`,
  `|${" --- |".repeat(12)}\n`,
  `| ${Array.from({ length: 12 }, (_, i) => `value-number-${i}`).join(" | ")} |\n`
]

describeInBrowser("layout and keyboard", () => {
  const env = useAppAndBrowser({
    tools: [echoTool, documentsTool("write_docs", [{ filename: `${"very-long-document-name-".repeat(6)}.md`, content: `# Doc\n\n${"y".repeat(300)}\n` }])]
  })

  it("has no horizontal scroll at 360×740 after a run full of wide content", async () => {
    env.app.model.script([
      { text: "Working.", toolCalls: [{ name: "echo", arguments: { text: "z".repeat(300) } }, { name: "write_docs", arguments: {} }] },
      { text: wide }
    ])
    const { page, errors } = await openPage(env.browser, env.app.baseUrl, { viewport: { width: 360, height: 740 } })
    await send(page, `${"w".repeat(150)} please`)
    await waitIdle(page)
    await page.locator(".tool-card .tool-arguments-box summary").first().click()
    await page.locator("#documents-list .doc-preview").click()
    await page.locator("#event-log summary").first().click()

    const widths = await page.evaluate(() => ({
      viewport: document.documentElement.clientWidth,
      page: document.documentElement.scrollWidth,
      body: document.body.scrollWidth
    }))
    expect(widths.viewport).toBe(360)
    expect(widths.page).toBeLessThanOrEqual(widths.viewport)
    expect(widths.body).toBeLessThanOrEqual(widths.viewport)
    await screenshot(page, "narrow-360x740")
    expect(errors).toEqual([])
  })

  it("sends with Enter, breaks lines with Shift+Enter, and announces messages in a live log", async () => {
    env.app.model.script([{ text: "ok" }])
    const { page, errors } = await openPage(env.browser, env.app.baseUrl)
    expect(await page.getAttribute("#messages", "role")).toBe("log")
    expect(await page.getAttribute("#messages", "aria-live")).toBe("polite")

    // The first Tab stop is the skip link; following it lands in the message box.
    await page.keyboard.press("Tab")
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip-link")
    await page.keyboard.press("Enter")
    await page.waitForFunction(() => document.activeElement?.id === "composer-input")

    const request = page.waitForRequest((r) => r.url().endsWith("/api/chat/agent") && r.method() === "POST")
    await page.keyboard.type("line one")
    await page.keyboard.press("Shift+Enter")
    await page.keyboard.type("line two")
    await page.keyboard.press("Enter")
    const body = (await request).postDataJSON() as { dialogue_history: Array<{ content: string }> }
    expect(body.dialogue_history.at(-1)?.content).toBe("line one\nline two")
    await waitIdle(page)
    expect(await page.locator(".msg.user .bubble").textContent()).toBe("line one\nline two")
    expect(errors).toEqual([])
  })
})
