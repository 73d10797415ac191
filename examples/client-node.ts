/**
 * The typed client in Node: a two-turn conversation that streams the assistant's text as it is
 * written, resumes by itself if the connection drops, and downloads the documents the planner
 * wrote. No Effect needed.
 *
 *   GTPLANNER_URL=http://127.0.0.1:11211 npx tsx examples/client-node.ts
 */
import { GTPlannerClient } from "gtplanner-effect/client"

const client = new GTPlannerClient({ baseUrl: process.env["GTPLANNER_URL"] ?? "http://127.0.0.1:11211" })
const conversation = client.conversation({ session_id: `example-${Date.now()}` })

for (const message of ["I want to build an online bookshop.", "One warehouse, card payments. Write the design."]) {
  console.log(`\n> ${message}`)
  const run = await conversation.send(message, {
    onReconnect: ({ lastEventId }) => console.log(`\n[connection dropped; resuming after event ${lastEventId}]`)
  })
  for await (const event of run) {
    if (event.event_type === "assistant_message_chunk") process.stdout.write(event.data.content)
    if (event.event_type === "tool_call_end") console.log(`\n[tool] ${event.data.tool_name}: ${event.data.status}`)
  }
  const { status } = await run.result()
  console.log(`\n[turn ${status}]`)
}

const { documents } = await client.snapshot(conversation.sessionId)
for (const { filename } of documents) {
  const document = await client.document(conversation.sessionId, filename)
  console.log(`\n--- ${filename} ---\n${document.content}`)
}
console.log(`[${conversation.history.length} messages in the conversation]`)
