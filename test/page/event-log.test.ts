/** The event log keeps the last 200 events with their JSON one click away; the demo banner tells when the demo model answers. */
import { Option } from "effect"
import { afterAll, beforeAll, expect, it } from "vitest"
import { startApp, type TestApp } from "../support/app.js"
import { describeInBrowser, openPage, useAppAndBrowser } from "./support/browser.js"
import { send, statusOf, waitIdle } from "./support/chat.js"

describeInBrowser("event log and demo banner", () => {
  const env = useAppAndBrowser()
  let demo: TestApp
  beforeAll(async () => {
    // No base URL and no key: the server answers with its built-in demo model.
    demo = await startApp({ llm: { baseUrl: Option.none(), apiKey: Option.none() } })
  })
  afterAll(() => demo?.close())

  it("keeps the last 200 events, newest first, and shows an event's JSON when opened", async () => {
    env.app.model.script([{ tokens: 300 }])
    const { page, errors } = await openPage(env.browser, env.app.baseUrl)
    await send(page, "many events")
    await waitIdle(page)

    const lastId = Number(await statusOf(page, "status-last-event"))
    expect(lastId).toBeGreaterThan(300)
    expect(Number(await statusOf(page, "status-events"))).toBe(lastId)
    const entries = page.locator("#event-log > li")
    expect(await entries.count()).toBe(200)
    expect(await entries.first().locator(".event-type").textContent()).toBe("close")
    expect(await entries.first().locator(".event-id").textContent()).toBe(`#${lastId}`)
    expect(await entries.last().locator(".event-id").textContent()).toBe(`#${lastId - 199}`)

    const complete = entries.filter({ has: page.locator(".event-type", { hasText: /^complete$/ }) })
    await complete.locator("summary").click()
    await complete.locator(".event-json", { hasText: "event_type" }).waitFor()
    const shown = JSON.parse((await complete.locator(".event-json").textContent()) ?? "") as { event_type: string; data: { status: string } }
    expect(shown.event_type).toBe("complete")
    expect(shown.data.status).toBe("completed")
    expect(await page.isHidden("#demo-banner")).toBe(true)
    expect(errors).toEqual([])
  })

  it("shows the demo banner when the stream's connection event says the demo model answers", async () => {
    // Without /health, only the stream can tell the page.
    const { page, errors } = await openPage(env.browser, demo.baseUrl, { prepare: (context) => context.route("**/health", (route) => route.abort()) })
    expect(await page.isHidden("#demo-banner")).toBe(true)
    await send(page, "an online bookshop")
    await waitIdle(page)
    expect(await page.isVisible("#demo-banner")).toBe(true)
    expect(await page.textContent("#demo-banner")).toContain("Demo mode")
    expect(await page.locator(".msg.assistant .bubble").textContent()).toContain("an online bookshop")

    // With /health reachable, the banner is there from the start.
    const fresh = await openPage(env.browser, demo.baseUrl)
    await fresh.page.waitForSelector("#demo-banner", { state: "visible" })
    expect([...errors, ...fresh.errors]).toEqual([])
  })
})
