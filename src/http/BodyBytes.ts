/**
 * The bytes of a request body, bounded: what is kept, when reading stops, how it ended — and,
 * when Node's http server serves the request, read straight from its `IncomingMessage`.
 *
 * Why not always `request.stream`: a start body is one or two network reads, and the stream turns
 * the message into an Effect Stream — channel executors, a queue, a fiber step per chunk — to
 * deliver them. Listening for `data` and `end` costs a few closures; the Stream cost about 70 KiB
 * of allocation per request (sampling heap profiler), garbage the GC promotes under a burst of
 * starts. A web handler's request has no Node message and is still read through its stream.
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

/**
 * Keeps at most `limit` bytes. A body past the limit is read on and discarded — so the client
 * gets its 413 rather than a reset connection — until `hardStop` bytes, where reading stops.
 */
export class BodyBytes {
  private readonly parts: Array<Uint8Array> = []
  private size = 0

  constructor(
    private readonly limit: number,
    private readonly hardStop: number
  ) {}

  /** Takes the next part; `false` when reading must stop (past the hard stop). */
  add(part: Uint8Array): boolean {
    this.size += part.length
    if (this.size <= this.limit) this.parts.push(part)
    return this.size <= this.hardStop
  }

  /** The outcome once the body has ended (or reading stopped). */
  get read(): BodyRead {
    if (this.size > this.limit) return { _tag: "TooLarge" }
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts)
    return { _tag: "Read", text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8") }
  }
}

/** The Node message behind `request`, if it is one that has not been read yet. */
export const unreadNodeRequestOf = (request: HttpServerRequest.HttpServerRequest): IncomingMessage | undefined => {
  try {
    const message: unknown = NodeHttpServerRequest.toIncomingMessage(request)
    return message instanceof IncomingMessage && !message.readableEnded && !message.readableDidRead ? message : undefined
  } catch {
    return undefined
  }
}

/** Reads `message` into `bytes` to its end, or until `bytes` says stop. */
export const readNodeBody = (message: IncomingMessage, bytes: BodyBytes): Effect.Effect<BodyRead> =>
  Effect.async<BodyRead>((resume) => {
    const detach = () => {
      message.off("data", onData)
      message.off("end", onEnd)
      message.off("error", onError)
      message.off("close", onClose)
    }
    const finish = (read: BodyRead) => {
      detach()
      resume(Effect.succeed(read))
    }
    const onData = (part: Buffer) => {
      if (!bytes.add(part)) finish({ _tag: "TooLarge" })
    }
    const onEnd = () => finish(bytes.read)
    const onError = (error: Error) => finish({ _tag: "Failed", message: error.message })
    // `close` before `end`: the client went away in the middle of its body.
    const onClose = () => finish({ _tag: "Failed", message: "the connection closed before the body ended" })
    message.on("data", onData)
    message.on("end", onEnd)
    message.on("error", onError)
    message.on("close", onClose)
    return Effect.sync(detach)
  })
