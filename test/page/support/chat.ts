/** What a person does on the page and what they see, as small awaitable steps. */
import type { Page } from "playwright-core"

/** Types a message and sends it with the Send button; the run is active when this returns. */
export const send = async (page: Page, text: string): Promise<void> => {
  await page.fill("#composer-input", text)
  await page.click("#send")
}

/** Sends a message; resolves with the JSON body the page POSTed to start the run. */
export const sendCapturing = async <Body = Record<string, unknown>>(page: Page, text: string): Promise<Body> => {
  const request = page.waitForRequest((r) => r.url().endsWith("/api/chat/agent") && r.method() === "POST")
  await send(page, text)
  return (await request).postDataJSON() as Body
}

/** Waits until no run is active (Send enabled again). */
export const waitIdle = (page: Page, timeout = 20_000) => page.waitForSelector('body[data-run="idle"]', { timeout })

/** Waits until a run is active. */
export const waitActive = (page: Page) => page.waitForSelector('body[data-run="active"]')

/** The rendered text of every assistant bubble, in order. */
export const assistantTexts = (page: Page): Promise<Array<string>> =>
  page.$$eval(".msg.assistant .bubble", (nodes) => nodes.map((n) => (n.textContent ?? "").trim()).filter((t) => t !== ""))

/** Waits until the last assistant bubble's text satisfies `predicate` (evaluated in the page). */
export const waitForAssistantText = (page: Page, includes: string, timeout = 20_000) =>
  page.waitForFunction(
    (needle) => [...document.querySelectorAll(".msg.assistant .bubble")].some((n) => (n.textContent ?? "").includes(needle)),
    includes,
    { timeout }
  )

/** The page's status panel value for one field (e.g. "status-connection"). */
export const statusOf = (page: Page, id: string): Promise<string> => page.$eval(`#${id}`, (n) => (n.textContent ?? "").trim())
