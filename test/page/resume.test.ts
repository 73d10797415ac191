/**
 * The page survives losing its stream: cut connections mid-run (a real reset, through a proxy)
 * and a reload of the page both end with exactly the model's text — nothing doubled, nothing
 * missing — because the page resumes from the last event id it saw.
 */
import { afterAll, beforeAll, expect, it } from "vitest"
import { eventually } from "../support/app.js"
import { describeInBrowser, openPage, useAppAndBrowser } from "./support/browser.js"
import { assistantTexts, send, sendCapturing, statusOf, waitForAssistantText, waitIdle } from "./support/chat.js"
import { type Proxy, startProxy } from "./support/proxy.js"

/** What the scripted model says for `tokens: n`: "t0 t1 … t(n-1) ". */
const tokenText = (n: number) => Array.from({ length: n }, (_, i) => `t${i} `).join("")

describeInBrowser("the page resumes a run", () => {
  const env = useAppAndBrowser()
  let proxy: Proxy
  beforeAll(async () => {
    proxy = await startProxy(env.app.baseUrl)
  })
  afterAll(() => proxy?.close())

  it("re-attaches after its connection is cut mid-run and ends with exactly the model's text", async () => {
    env.app.model.script([{ tokens: 150, delayMs: 15 }])
    const { page, errors } = await openPage(env.browser, proxy.url)
    await send(page, "stream for a while")

    await waitForAssistantText(page, "t20 ")
    proxy.dropAll()
    await page.waitForFunction(() => Number(document.getElementById("status-reconnects")?.textContent) >= 1)
    // Once it streams again, cut it a second time.
    await waitForAssistantText(page, "t60 ")
    proxy.dropAll()
    await waitIdle(page)

    expect(await assistantTexts(page)).toEqual([tokenText(150).trim()])
    expect(await page.locator(".msg.assistant[data-repaired]").count()).toBe(0)
    expect(Number(await statusOf(page, "status-reconnects"))).toBeGreaterThanOrEqual(2)
    expect(await statusOf(page, "status-connection")).toBe("closed")
    // Every chunk event of the run reached the page once: the log holds the whole run after the drops.
    const sessionId = await statusOf(page, "status-session")
    const snapshot = (await (await fetch(`${env.app.baseUrl}/api/sessions/${sessionId}`)).json()) as { status: string; last_event_id: number }
    expect(snapshot.status).toBe("completed")
    expect(await statusOf(page, "status-last-event")).toBe(String(snapshot.last_event_id))
    expect(errors).toEqual([])
  })

  it("re-attaches to the running run after a reload and shows its progress to the end", async () => {
    env.app.model.script([{ tokens: 120, delayMs: 15 }, { text: "next turn" }])
    const { page, errors } = await openPage(env.browser, env.app.baseUrl)
    await send(page, "keep going")
    await waitForAssistantText(page, "t15 ")
    const sessionId = await statusOf(page, "status-session")

    await page.reload()
    // The same session, the user's message, and the run's text so far, then the rest of it.
    await page.waitForSelector('body[data-run="active"]')
    expect(await statusOf(page, "status-session")).toBe(sessionId)
    expect(await page.locator(".msg.user .bubble").allTextContents()).toEqual(["keep going"])
    await waitForAssistantText(page, "t15 ")
    await waitIdle(page)
    expect(await assistantTexts(page)).toEqual([tokenText(120).trim()])

    // The finished turn is in the history the next request carries.
    const body = await sendCapturing<{ session_id: string; dialogue_history: Array<{ role: string; content: string }> }>(page, "and then?")
    expect(body.session_id).toBe(sessionId)
    expect(body.dialogue_history.map((m) => [m.role, m.content.trim()])).toEqual([
      ["user", "keep going"],
      ["assistant", tokenText(120).trim()],
      ["user", "and then?"]
    ])
    await waitIdle(page)
    expect(errors).toEqual([])
  })

  it("finishes a turn whose run ended while the page was closed", async () => {
    env.app.model.script([{ tokens: 60, delayMs: 15 }, { text: "later" }])
    const { context, page, errors } = await openPage(env.browser, env.app.baseUrl)
    await send(page, "close the tab")
    await waitForAssistantText(page, "t5 ")
    const sessionId = await statusOf(page, "status-session")
    await page.close()
    await eventually(async () => {
      const snapshot = (await (await fetch(`${env.app.baseUrl}/api/sessions/${sessionId}`)).json()) as { status: string }
      return snapshot.status === "completed" ? true : undefined
    }, "the run to finish on its own")

    const again = await context.newPage()
    again.on("pageerror", (error) => errors.push(String(error)))
    await again.goto(env.app.baseUrl)
    await waitIdle(again)
    expect(await assistantTexts(again)).toEqual([tokenText(60).trim()])
    const body = await sendCapturing<{ dialogue_history: Array<{ role: string }> }>(again, "and now?")
    expect(body.dialogue_history.map((m) => m.role)).toEqual(["user", "assistant", "user"])
    await waitIdle(again)
    expect(errors).toEqual([])
  })
})

describeInBrowser("a run the server no longer keeps", () => {
  // Finished runs are forgotten after one second here.
  const env = useAppAndBrowser({ config: { retentionS: 1 } })

  it("tells the user the run is gone instead of waiting for it", async () => {
    env.app.model.script([{ tokens: 30, delayMs: 15 }])
    const { context, page, errors } = await openPage(env.browser, env.app.baseUrl)
    await send(page, "forget me")
    await waitForAssistantText(page, "t3 ")
    const sessionId = await statusOf(page, "status-session")
    await page.close()
    await eventually(
      async () => ((await fetch(`${env.app.baseUrl}/api/chat/agent/${sessionId}/events`)).status === 204 ? true : undefined),
      "the run to be forgotten"
    )

    const again = await context.newPage()
    again.on("pageerror", (error) => errors.push(String(error)))
    await again.goto(env.app.baseUrl)
    await again.locator(".turn-note.error").waitFor()
    expect(await again.locator(".turn-note.error").textContent()).toBe("The run is no longer available on the server; its outcome is unknown.")
    await waitIdle(again)
    expect(await again.isEnabled("#send")).toBe(true)
    expect(errors).toEqual([])
  })
})
