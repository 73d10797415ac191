/** Tools the browser tests register to put chosen strings into every field of the stream. */
import { Effect, Schema } from "effect"
import * as Tool from "../../../src/planner/Tool.js"

/**
 * Reports `progress` as its progress message, waits for `release` (so a test can look at the
 * card while it runs), then fails with `failure` as its error message.
 */
export const gatedTool = (options: { readonly name: string; readonly progress: string; readonly failure: string; readonly release: Promise<void> }) =>
  Tool.make({
    name: options.name,
    description: "Reports progress, waits, then fails.",
    parameters: Schema.Struct({}),
    execute: (_args, ctx) =>
      Effect.gen(function* () {
        yield* ctx.progress(options.progress)
        yield* Effect.promise(() => options.release)
        return yield* Effect.fail(new Tool.ToolFailure({ message: options.failure }))
      })
  })

/** Writes each given document and succeeds, carrying them in its state updates as the design tool does. */
export const documentsTool = (name: string, documents: ReadonlyArray<{ readonly filename: string; readonly content: string; readonly format?: "markdown" | "json" }>) =>
  Tool.make({
    name,
    description: "Writes documents.",
    parameters: Schema.Struct({}),
    execute: (_args, ctx) =>
      Effect.gen(function* () {
        const docs = documents.map((d) => ({ filename: d.filename, content: d.content, format: d.format ?? ("markdown" as const) }))
        for (const doc of docs) yield* ctx.document(doc)
        return { result: { files: docs.map((d) => d.filename) }, updates: { documents: docs } }
      })
  })
