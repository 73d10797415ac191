import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { eventually, type TestApp, startApp } from "../support/app.js"
import { chunkContents, openSse, startRun, userTurn } from "../support/sse.js"

let app: TestApp
beforeAll(async () => {
  app = await startApp({ config: { retentionEvents: 10, retentionS: 1.5 } })
})
afterAll(async () => {
  await app.settled()
  await app.close()
})

describe("retention", () => {
  it("says replay_gap when events after the cursor were evicted, then replays from the first retained one", async () => {
    app.model.script([{ tokens: 30 }])
    const all = await (await startRun(app.baseUrl, userTurn("gap-1", "go"))).readAll()
    const n = all.length
    const resumed = await (await openSse(`${app.baseUrl}/api/chat/agent/gap-1/events`, { headers: { "last-event-id": "2" } })).readAll()
    expect(resumed.map((e) => e.event).slice(0, 2)).toEqual(["connection", "error"])
    expect(resumed[1]!.id).toBeUndefined()
    expect(resumed[1]!.envelope.data["error_details"]).toMatchObject({ code: "replay_gap", first_available_id: n - 9 })
    expect(resumed.slice(2).map((e) => Number(e.id))).toEqual(Array.from({ length: 10 }, (_, i) => n - 9 + i))
  })

  it("closes a cancelled message longer than the retention with the text still retained, marked truncated", async () => {
    app.model.script([{ tokens: 1000, delayMs: 2 }])
    const stream = await startRun(app.baseUrl, userTurn("long-cancel", "go"))
    await stream.untilChunks(40)
    expect((await fetch(`${app.baseUrl}/api/chat/agent/long-cancel/cancel`, { method: "POST" })).status).toBe(202)
    const events = await stream.readAll()
    const chunks = chunkContents(events)
    const end = events.filter((e) => e.event === "assistant_message_end")
    expect(end).toHaveLength(1)
    // The log kept the last 10 events, all of them chunks of this message.
    expect(end[0]!.envelope.data).toEqual(expect.objectContaining({ complete_message: chunks.slice(-10).join(""), message_metadata: { interrupted: true, truncated: true } }))
  })

  it("forgets a finished run after the retention time: attach gets 204, the snapshot 404", async () => {
    app.model.script([{ text: "short lived" }])
    await (await startRun(app.baseUrl, userTurn("expire-1", "go"))).readAll()
    expect((await fetch(`${app.baseUrl}/api/sessions/expire-1`)).status).toBe(200)
    await eventually(async () => ((await fetch(`${app.baseUrl}/api/sessions/expire-1`)).status === 404 ? true : undefined), "the run to expire", 5000)
    expect((await fetch(`${app.baseUrl}/api/chat/agent/expire-1/events`)).status).toBe(204)
    // The sweeper forgets expired runs nobody asks about, too: the registry never only grows.
    await eventually(async () => ((await app.stats()).retainedRuns === 0 ? true : undefined), "the sweeper to forget every run", 5000)
  })
})
