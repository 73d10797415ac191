/**
 * Debian's Chromium driven by playwright-core — never a downloaded browser. When it is not
 * installed the browser tests are skipped, and every file that would have run says why.
 */
import { existsSync } from "node:fs"
import { mkdir } from "node:fs/promises"
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core"
import { afterAll, beforeAll, describe } from "vitest"
import { startApp, type TestApp, type TestAppOptions } from "../../support/app.js"

/** Debian's Chromium; `GTPLANNER_TEST_CHROMIUM` points elsewhere (or nowhere, to see the skip). */
export const CHROMIUM_PATH = process.env["GTPLANNER_TEST_CHROMIUM"] ?? "/usr/bin/chromium"

/** Why the browser tests cannot run here, or null when they can. */
export const skipReason: string | null = existsSync(CHROMIUM_PATH)
  ? null
  : `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (install it with \`apt-get install -y chromium\`; .ci/run does)`

if (skipReason) console.warn(`[test/page] ${skipReason}`)

/** `describe` that runs only where Chromium is installed; its title carries the reason otherwise. */
export const describeInBrowser = (title: string, body: () => void) =>
  skipReason ? describe.skip(`${title} — ${skipReason}`, body) : describe(title, body)

/**
 * Flags that keep Chromium off the network: this machine refuses outside connections, and
 * Chromium's background services would otherwise stall on them. Playwright itself gives each
 * launch a fresh temporary `--user-data-dir`.
 */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS })

export interface OpenedPage {
  readonly context: BrowserContext
  readonly page: Page
  /** Uncaught errors in the page (a test fails on any). */
  readonly errors: Array<string>
}

/** A fresh context (its own storage) with the page loaded from `baseUrl`. */
export const openPage = async (
  browser: Browser,
  baseUrl: string,
  options: {
    readonly viewport?: { width: number; height: number }
    readonly locale?: string
    /** Runs before the page loads (e.g. to route requests). */
    readonly prepare?: (context: BrowserContext) => Promise<unknown>
  } = {}
): Promise<OpenedPage> => {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: options.locale ?? "en-US",
    acceptDownloads: true
  })
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl })
  await options.prepare?.(context)
  const page = await context.newPage()
  const errors: Array<string> = []
  page.on("pageerror", (error) => errors.push(String(error)))
  await page.goto(baseUrl)
  await page.waitForSelector("body[data-run]")
  return { context, page, errors }
}

export const ARTIFACTS = "test-artifacts"

/** Saves a screenshot under test-artifacts/; returns its path. */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  await mkdir(ARTIFACTS, { recursive: true })
  const path = `${ARTIFACTS}/${name}.png`
  await page.screenshot({ path, fullPage: true })
  return path
}

/**
 * The server (scripted model, in-process) and one browser for the tests of a `describe`,
 * started together before them and closed after.
 */
export const useAppAndBrowser = (options: TestAppOptions = {}): { readonly app: TestApp; readonly browser: Browser } => {
  let app: TestApp | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    ;[app, browser] = await Promise.all([startApp(options), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })
  return {
    get app() {
      if (!app) throw new Error("the app starts in beforeAll")
      return app
    },
    get browser() {
      if (!browser) throw new Error("the browser starts in beforeAll")
      return browser
    }
  }
}
