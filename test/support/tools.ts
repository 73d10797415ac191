/** Tools defined by the tests to exercise the ToolRegistry and the orchestrator loop. */
import { Deferred, Effect, Schema } from "effect"
import * as Tool from "../../src/planner/Tool.js"

/** Echoes its text back, reporting one progress step; adds `echoes` to the client state. */
export const echoTool = Tool.make({
  name: "echo",
  description: "Repeats the given text.",
  parameters: Schema.Struct({ text: Schema.String, times: Schema.optional(Schema.Int.pipe(Schema.between(1, 5))) }),
  execute: ({ text, times }, ctx) =>
    Effect.gen(function* () {
      yield* ctx.progress(`echoing ${text}`, { step: 1, total: 1 })
      const echoed = Array.from({ length: times ?? 1 }, () => text).join(" ")
      return { result: { echoed }, updates: { last_echo: echoed } }
    })
})

/** Always fails the way a tool fails: a value, not a crash. */
export const failingTool = Tool.make({
  name: "always_fails",
  description: "Fails.",
  parameters: Schema.Struct({}),
  execute: () => Effect.fail(new Tool.ToolFailure({ message: "the external service said no", code: "upstream" }))
})

/** Writes one design document. */
export const documentTool = Tool.make({
  name: "write_doc",
  description: "Writes a document.",
  parameters: Schema.Struct({ title: Schema.String }),
  execute: ({ title }, ctx) =>
    Effect.gen(function* () {
      const content = `# ${title}\n\nBody of ${title}.\n`
      yield* ctx.document({ filename: "design.md", content, format: "markdown" })
      return { result: { filename: "design.md" }, updates: { documents: [{ filename: "design.md", format: "markdown", content }] } }
    })
})

/**
 * Two tools that each wait for the other to have started: they can only finish if they truly
 * run at the same time, and their events must interleave.
 */
export const rendezvousTools = Effect.gen(function* () {
  const arrived = { left: yield* Deferred.make<void>(), right: yield* Deferred.make<void>() }
  const make = (side: "left" | "right", other: "left" | "right") =>
    Tool.make({
      name: `meet_${side}`,
      description: `Meets the ${other} tool.`,
      parameters: Schema.Struct({ note: Schema.String }),
      execute: ({ note }, ctx) =>
        Effect.gen(function* () {
          yield* ctx.progress(`${side} arrived`)
          yield* Deferred.succeed(arrived[side], undefined)
          yield* Deferred.await(arrived[other]).pipe(Effect.timeout("5 seconds"))
          yield* ctx.progress(`${side} met ${other}`)
          return { result: { side, note } }
        }).pipe(Effect.catchTag("TimeoutException", () => Effect.fail(new Tool.ToolFailure({ message: `${other} never came` }))))
    })
  return [make("left", "right"), make("right", "left")] as const
})
