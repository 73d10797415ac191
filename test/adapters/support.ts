/**
 * Tools and helpers for the dialect tests: a tool that waits at a gate the test opens (so a run
 * can be caught in the middle, without sleeping), and one that emits a custom event.
 */
import { Deferred, Effect, Schema } from "effect"
import * as Tool from "../../src/planner/Tool.js"

/**
 * A tool that reports it has started and then waits until the test opens the gate. `arm()`
 * before each run; `started` resolves when the tool runs; `open()` lets it finish.
 */
export const makeGate = () => {
  let started = Effect.runSync(Deferred.make<void>())
  let gate = Effect.runSync(Deferred.make<void>())
  const tool = Tool.make({
    name: "wait_for_gate",
    description: "Waits until it may go on.",
    parameters: Schema.Struct({ note: Schema.String }),
    execute: ({ note }, ctx) =>
      Effect.gen(function* () {
        yield* ctx.progress(`waiting: ${note}`, { step: 1, total: 2 })
        yield* Deferred.succeed(started, undefined)
        yield* Deferred.await(gate)
        yield* ctx.progress("gate open", { step: 2, total: 2 })
        return { result: { passed: note }, updates: { gate: note } }
      })
  })
  return {
    tool,
    arm: () => {
      started = Effect.runSync(Deferred.make<void>())
      gate = Effect.runSync(Deferred.make<void>())
    },
    started: () => Effect.runPromise(Deferred.await(started)),
    open: () => Effect.runPromise(Deferred.succeed(gate, undefined))
  }
}

/** An embedder's tool that tells the stream something of its own through a custom event. */
export const inventoryTool = Tool.make({
  name: "check_inventory",
  description: "Tells how many units of a product are in stock.",
  parameters: Schema.Struct({ sku: Schema.String }),
  execute: ({ sku }, ctx) =>
    Effect.gen(function* () {
      yield* ctx.custom("inventory.checked", { sku, in_stock: 7, warehouse: "north" })
      return { result: { sku, in_stock: 7 } }
    })
})

/** Cancels a session's run through the native endpoint. */
export const cancelRun = async (baseUrl: string, sessionId: string) => {
  const response = await fetch(`${baseUrl}/api/chat/agent/${sessionId}/cancel`, { method: "POST" })
  if (response.status !== 202) throw new Error(`cancel answered ${response.status}: ${await response.text()}`)
}

/** Reads a response body as text to its end, split into its SSE frames. */
export const framesOf = async (response: Response): Promise<Array<string>> => {
  const text = await response.text()
  return text.split("\n\n").filter((frame) => frame !== "")
}
