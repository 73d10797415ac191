import { build } from "esbuild"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type * as ClientModule from "../../src/client/index.js"
import { type TestApp, startApp } from "../support/app.js"

let app: TestApp
beforeAll(async () => {
  app = await startApp()
})
afterAll(() => app.close())

const bundleForBrowsers = () =>
  build({ entryPoints: ["src/client/index.ts"], bundle: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent" })

describe("the client in a browser bundle", () => {
  it("bundles for the browser from its own files and the SSE parser alone: nothing of Node, nothing of Effect", async () => {
    const result = await bundleForBrowsers()
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.filter((file) => !file.startsWith("src/client/"))).toEqual([expect.stringMatching(/node_modules\/eventsource-parser\//)])
  })

  it("runs a turn from the bundled code", async () => {
    const { outputFiles } = await bundleForBrowsers()
    const source = Buffer.from(outputFiles[0]!.text).toString("base64")
    const bundled = (await import(`data:text/javascript;base64,${source}`)) as typeof ClientModule
    app.model.script([{ text: "Bundled and working." }])
    const run = await new bundled.GTPlannerClient({ baseUrl: app.baseUrl }).start({ session_id: "bundle-1", dialogue_history: [{ role: "user", content: "hi" }] })
    let text = ""
    run.on("assistant_message_chunk", (data) => (text += data.content))
    expect((await run.result()).status).toBe("completed")
    expect(text).toBe("Bundled and working.")
  })
})
