/**
 * The order of one run's events, as spec 01 gives it:
 *
 *   connection → conversation_start → (processing_status)* →
 *     { assistant_message_start → assistant_message_chunk* → assistant_message_end
 *       → ( tool_call_start → tool_call_progress* → tool_call_end → design_document_generated* )* }+
 *   → conversation_end → complete → close
 *
 * with heartbeats anywhere, parallel tool calls interleaved (each in order by call_id), custom
 * events anywhere inside the conversation, and `error` right before `conversation_end` on failure.
 * Returns the violations found (empty when the order is right).
 */
import type { WireEnvelope } from "./sse.js"

export const grammarViolations = (events: ReadonlyArray<WireEnvelope>): Array<string> => {
  const problems: Array<string> = []
  const seq = events.filter((e) => e.event_type !== "heartbeat")
  const at = (i: number) => seq[i]?.event_type
  let i = 0
  const expect = (type: string) => {
    if (at(i) !== type) problems.push(`#${i}: expected ${type}, got ${at(i) ?? "end"}`)
    i++
  }
  expect("connection")
  expect("conversation_start")
  while (at(i) === "processing_status") i++
  let messageOpen: string | null = null
  const openCalls = new Set<string>()
  const endedCalls = new Set<string>()
  let blocks = 0
  for (; i < seq.length; i++) {
    const e = seq[i]!
    const data = e.data as Record<string, unknown>
    const type = e.event_type
    if (type === "conversation_end" || type === "error") break
    if (type === "custom") continue
    if (type === "assistant_message_start") {
      if (messageOpen !== null) problems.push(`#${i}: message started while ${messageOpen} is open`)
      if (openCalls.size > 0) problems.push(`#${i}: message started while tool calls are open: ${[...openCalls].join(", ")}`)
      messageOpen = String(data["message_id"])
      blocks++
    } else if (type === "assistant_message_chunk") {
      if (messageOpen !== data["message_id"]) problems.push(`#${i}: chunk outside its message`)
    } else if (type === "assistant_message_end") {
      if (messageOpen !== data["message_id"]) problems.push(`#${i}: end of a message that is not open`)
      messageOpen = null
    } else if (type === "tool_call_start") {
      if (messageOpen !== null || blocks === 0) problems.push(`#${i}: tool call outside the tool phase of a block`)
      openCalls.add(String(data["call_id"]))
    } else if (type === "tool_call_progress") {
      if (!openCalls.has(String(data["call_id"]))) problems.push(`#${i}: progress of a call that is not open`)
    } else if (type === "tool_call_end") {
      if (!openCalls.delete(String(data["call_id"]))) problems.push(`#${i}: end of a call that is not open`)
      endedCalls.add(String(data["call_id"]))
    } else if (type === "design_document_generated") {
      if (!endedCalls.has(String(data["tool_call_id"]))) problems.push(`#${i}: document before its call ended`)
    } else {
      problems.push(`#${i}: unexpected ${type} inside the conversation`)
    }
  }
  const failed = at(i) === "error"
  if (failed) i++
  if (messageOpen !== null) problems.push(`message ${messageOpen} never ended`)
  if (openCalls.size > 0) problems.push(`calls never ended: ${[...openCalls].join(", ")}`)
  if (blocks === 0 && !failed && (seq.find((e) => e.event_type === "complete")?.data as { status?: string } | undefined)?.status === "completed") {
    problems.push("a completed run without any assistant message")
  }
  expect("conversation_end")
  expect("complete")
  expect("close")
  if (i < seq.length) problems.push(`events after close: ${seq.slice(i).map((e) => e.event_type).join(", ")}`)
  return problems
}
