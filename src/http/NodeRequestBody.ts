/**
 * A request body read straight from Node's `IncomingMessage`, when Node's http server serves the
 * request (a web handler's request has none: it is read through `request.stream`).
 *
 * Why: a start body is one or two network reads, and `request.stream` turns the message into an
 * Effect Stream — channel executors, a queue, a fiber step per chunk — to deliver them. Listening
 * for `data` and `end` costs a few closures; the Stream cost about 70 KiB of allocation per
 * request (sampling heap profiler), which under a burst of starts is garbage the GC promotes.
 */
import type { HttpServerRequest } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Effect } from "effect"
import { IncomingMessage } from "node:http"

/** How reading ended: the whole body, too many bytes, or a failed connection. */
export type BodyRead =
  | { readonly _tag: "Read"; readonly text: string }
  | { readonly _tag: "TooLarge" }
  | { readonly _tag: "Failed"; readonly message: string }

/** The Node message behind `request`, if it is one that has not been read yet. */
export const unreadNodeRequestOf = (request: HttpServerRequest.HttpServerRequest): IncomingMessage | undefined => {
  try {
    const message: unknown = NodeHttpServerRequest.toIncomingMessage(request)
    return message instanceof IncomingMessage && !message.readableEnded && !message.readableDidRead ? message : undefined
  } catch {
    return undefined
  }
}

/**
 * Reads `message` to its end, keeping at most `limit` bytes. A body past the limit is read on
 * and discarded — so the client gets its 413 rather than a reset — until `hardStop` bytes, where
 * reading stops at once.
 */
export const readNodeBody = (message: IncomingMessage, limit: number, hardStop: number): Effect.Effect<BodyRead> =>
  Effect.async<BodyRead>((resume) => {
    const parts: Array<Buffer> = []
    let size = 0
    const finish = (read: BodyRead) => {
      message.off("data", onData)
      message.off("end", onEnd)
      message.off("error", onError)
      message.off("close", onClose)
      resume(Effect.succeed(read))
    }
    const onData = (part: Buffer) => {
      size += part.length
      if (size <= limit) parts.push(part)
      else if (size > hardStop) finish({ _tag: "TooLarge" })
    }
    const onEnd = () => finish(size > limit ? { _tag: "TooLarge" } : { _tag: "Read", text: (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString("utf8") })
    const onError = (error: Error) => finish({ _tag: "Failed", message: error.message })
    // `close` before `end`: the client went away in the middle of its body.
    const onClose = () => finish({ _tag: "Failed", message: "the connection closed before the body ended" })
    message.on("data", onData)
    message.on("end", onEnd)
    message.on("error", onError)
    message.on("close", onClose)
    return Effect.sync(() => {
      message.off("data", onData)
      message.off("end", onEnd)
      message.off("error", onError)
      message.off("close", onClose)
    })
  })
