/**
 * Embed the planner in a script: one planning turn as a Stream of typed events — no HTTP, no
 * sessions. The model comes from the environment (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL); with
 * none, the built-in demo model answers.
 *
 *   npx tsx examples/planner-stream.ts "Help me plan a URL shortener"
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Logger, LogLevel, Stream } from "effect"
import { GTPlanner } from "gtplanner-effect"

const question = process.argv[2] ?? "Help me plan a URL shortener"

const turn = GTPlanner.Planner.run({ dialogue_history: [{ role: "user", content: question }] }).pipe(
  Stream.runForEach((event) => {
    switch (event.event_type) {
      case "assistant_message_chunk":
        return Effect.sync(() => process.stdout.write(event.data.content))
      case "tool_call_end":
        return Console.log(`\n[tool] ${event.data.tool_name}: ${event.data.status}`)
      case "conversation_end":
        return Console.log(`\n[done] success=${event.data.success}, ${event.data.new_messages_count} new message(s)`)
      default:
        return Effect.void
    }
  })
)

turn.pipe(
  Effect.provide(GTPlanner.layer()), // every setting from the environment
  Effect.provide(Logger.minimumLogLevel(LogLevel.Warning)),
  NodeRuntime.runMain
)
