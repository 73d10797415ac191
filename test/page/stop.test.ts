/** Stop cancels the run on the server, the turn ends "cancelled", and the page is idle again; no overlapping runs. */
import { expect, it } from "vitest"
import { describeInBrowser, openPage, useAppAndBrowser } from "./support/browser.js"
import { send, sendCapturing, statusOf, waitForAssistantText, waitIdle } from "./support/chat.js"

describeInBrowser("Stop and Send", () => {
  const env = useAppAndBrowser()

  it("Stop ends the run cancelled and returns the page to idle; Send is disabled while the run is active", async () => {
    // Slow enough to still be running when Stop is pressed, whatever the machine's load.
    env.app.model.script([{ tokens: 2000, delayMs: 20 }, { text: "second turn" }])
    const { page, errors } = await openPage(env.browser, env.app.baseUrl)
    await send(page, "write a lot")
    await waitForAssistantText(page, "t3 ")

    expect(await page.isDisabled("#send")).toBe(true)
    expect(await page.isDisabled("#new-session")).toBe(true)
    expect(await page.isEnabled("#stop")).toBe(true)
    // Enter in the box does not start an overlapping run either.
    await page.fill("#composer-input", "another one")
    await page.press("#composer-input", "Enter")
    expect(await page.inputValue("#composer-input")).toBe("another one")
    expect(await page.locator(".msg.user").count()).toBe(1)
    await page.fill("#composer-input", "")

    await page.click("#stop")
    await waitIdle(page)
    expect(await page.locator(".turn-note.cancelled").textContent()).toBe("The run was cancelled.")
    expect(await page.isEnabled("#send")).toBe(true)
    expect(await page.isDisabled("#stop")).toBe(true)
    expect(await page.isHidden("#typing")).toBe(true)
    expect(await statusOf(page, "status-connection")).toBe("closed")

    const sessionId = await statusOf(page, "status-session")
    const snapshot = (await (await fetch(`${env.app.baseUrl}/api/sessions/${sessionId}`)).json()) as { status: string }
    expect(snapshot.status).toBe("cancelled")
    expect(await env.app.model.requests[0]!.settled).toBe("aborted")

    // A cancelled turn adds nothing to the history: the next turn sends just the new message.
    const body = await sendCapturing<{ dialogue_history: Array<{ role: string; content: string }> }>(page, "again")
    expect(body.dialogue_history.map((m) => m.content)).toEqual(["again"])
    await waitIdle(page)
    expect(errors).toEqual([])
  })
})
