/**
 * The language setting switches the page's own words and goes out with the next request, along
 * with the other settings (metadata, heartbeat interval, keep-running-on-disconnect).
 */
import { expect, it } from "vitest"
import { dictionaries } from "../../static-src/i18n.js"
import { describeInBrowser, openPage, useAppAndBrowser } from "./support/browser.js"
import { sendCapturing, waitIdle } from "./support/chat.js"

describeInBrowser("language and settings", () => {
  const env = useAppAndBrowser()

  it("switching to zh, ja, es and fr relabels the page and sends that language", async () => {
    const { page, errors } = await openPage(env.browser, env.app.baseUrl)
    expect(await page.textContent("#send")).toBe("Send")
    for (const language of ["zh", "ja", "es", "fr"] as const) {
      const words = dictionaries[language]
      await page.selectOption("#setting-language", language)
      expect(await page.getAttribute("html", "lang")).toBe(language)
      expect(await page.textContent("#send")).toBe(words.send)
      expect(await page.textContent("#stop")).toBe(words.stop)
      expect(await page.textContent("#documents-title")).toBe(words.documentsTitle)
      expect(await page.textContent("#status-connection")).toBe(language === "zh" ? words.stateIdle : words.stateClosed)
      expect(await page.getAttribute("#composer-input", "placeholder")).toBe(words.inputPlaceholder)

      env.app.model.script([{ text: `reply in ${language}` }])
      expect((await sendCapturing(page, `hello ${language}`))["language"]).toBe(language)
      await waitIdle(page)
      // Words the page writes later (tool status, connection state) follow the language too.
      expect(await page.textContent("#status-connection")).toBe(words.stateClosed)
    }
    // The choice is kept across a reload.
    await page.reload()
    expect(await page.textContent("#send")).toBe(dictionaries.fr.send)
    expect(errors).toEqual([])
  })

  it("sends the other settings as the request's options", async () => {
    const { page, errors } = await openPage(env.browser, env.app.baseUrl)
    await page.check("#setting-include-metadata")
    await page.fill("#setting-heartbeat", "1")
    await page.uncheck("#setting-keep-running")
    env.app.model.script([{ tokens: 40, delayMs: 60 }])
    expect(await sendCapturing(page, "settings")).toMatchObject({ include_metadata: true, heartbeat_interval: 1, on_disconnect: "cancel" })
    // A 1-second heartbeat arrives during the run and shows in the status panel.
    await page.waitForFunction(() => !document.getElementById("status-heartbeat")?.textContent?.includes("none"))
    await waitIdle(page)
    await page.locator('#event-log li[data-event-type="heartbeat"]').first().waitFor({ state: "attached" })
    expect(errors).toEqual([])
  })
})
