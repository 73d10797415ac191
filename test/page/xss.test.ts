/**
 * Nothing from the stream runs as code: an `<img onerror>` / `<script>` payload in the model's
 * text, a tool name, a progress message, an error message and a design document is shown as
 * text, and a sentinel global it would set stays unset. A control inserts the same payload raw
 * and watches it fire, so the test proves the payload is live in this browser.
 */
import { afterAll, expect, it } from "vitest"
import { describeInBrowser, openPage, useAppAndBrowser } from "./support/browser.js"
import { send, waitIdle } from "./support/chat.js"
import { documentsTool, gatedTool } from "./support/tools.js"

const payload = (flag: string) => `<img src=x onerror="window.${flag}=1"><script>window.${flag}=1</script>`
const XSS = payload("__xss")

describeInBrowser("the test page never runs what the stream says", () => {
  let release: () => void = () => undefined
  const released = new Promise<void>((resolve) => (release = resolve))
  const env = useAppAndBrowser({
    tools: [
      gatedTool({ name: "gated", progress: XSS, failure: `failed: ${XSS}`, release: released }),
      documentsTool("write_docs", [{ filename: `${XSS}.md`, content: `# Title\n\n${XSS}\n\n[link](javascript:window.__xss=1)\n` }])
    ]
  })
  afterAll(() => release())

  it("shows payloads in text, tool name, progress, error and documents as text and runs none of them", async () => {
    env.app.model.script([
      {
        text: `Here it comes: ${XSS} and [a link](javascript:window.__xss=1)`,
        toolCalls: [{ name: "gated", arguments: {} }, { name: XSS, arguments: { note: XSS } }, { name: "write_docs", arguments: {} }]
      },
      { text: `Done ${XSS}` }
    ])
    const { page, errors } = await openPage(env.browser, env.app.baseUrl)
    await send(page, "try it")

    // The progress message, while the tool runs, is the payload as text.
    const gated = page.locator('.tool-card:has(.tool-name:text-is("gated"))')
    await gated.locator(".tool-progress", { hasText: "<img src=x" }).waitFor()
    expect(await gated.locator(".tool-progress").textContent()).toBe(XSS)
    expect(await gated.getAttribute("data-status")).toBe("running")
    release()
    await waitIdle(page)

    // Model text: the characters, not elements.
    const first = page.locator(".msg.assistant").first()
    expect(await first.locator(".bubble").textContent()).toContain(`Here it comes: ${XSS}`)
    expect(await page.locator(".msg.assistant").last().locator(".bubble").textContent()).toContain(`Done ${XSS}`)
    // Tool name (an unknown tool the model invented) and error messages.
    const unknown = page.locator(".tool-card").nth(1)
    expect(await unknown.locator(".tool-name").textContent()).toBe(XSS)
    expect(await unknown.getAttribute("data-status")).toBe("failed")
    expect(await unknown.locator(".tool-error").textContent()).toContain(XSS)
    expect(await gated.locator(".tool-error").textContent()).toBe(`Error: failed: ${XSS}`)
    // Document name and content, previewed.
    const doc = page.locator("#documents-list li.document")
    expect(await doc.locator(".doc-name").textContent()).toBe(`${XSS}.md`)
    await doc.locator(".doc-preview").click()
    expect(await page.locator("#document-preview-title").textContent()).toBe(`${XSS}.md`)
    expect(await page.locator("#document-preview-body").textContent()).toContain(XSS)

    // No payload became an element or a runnable link.
    const found = await page.evaluate(() => ({
      handlers: [...document.querySelectorAll("*")].filter((n) => [...n.attributes].some((a) => a.name.startsWith("on"))).length,
      scripts: document.scripts.length,
      jsLinks: [...document.querySelectorAll("a[href]")].filter((a) => a.getAttribute("href")!.trim().toLowerCase().startsWith("javascript:")).length,
      images: document.querySelectorAll("main img").length
    }))
    expect(found).toEqual({ handlers: 0, scripts: 1, jsLinks: 0, images: 0 })
    await page.locator("a", { hasText: "a link" }).click()

    // Control: the same payload inserted raw does run here; by the time it has, ours would have too.
    await page.evaluate((html) => {
      const box = document.createElement("div")
      box.innerHTML = html
      document.body.append(box)
    }, payload("__control"))
    await page.waitForFunction(() => (window as unknown as { __control?: number }).__control === 1)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(errors).toEqual([])
  })
})
