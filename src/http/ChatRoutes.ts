/**
 * The streaming endpoints: start a run and stream it (`POST /api/chat/agent`), attach to or
 * resume a run (`GET …/{session_id}/events`), and cancel it (`POST …/{session_id}/cancel`).
 */
import { HttpLayerRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Duration, Effect, Option, type Scope } from "effect"
import { AppConfig } from "../config/AppConfig.js"
import { type Following, type ListenerItem, SessionRegistry } from "../engine/SessionRegistry.js"
import { errorResponse } from "./ApiError.js"
import { bodyLimitsOf, readAgentRequest } from "./RequestBody.js"
import type { BodySource } from "./PullBody.js"
import { encoder, frame, PREAMBLE, ssePullResponse } from "./Sse.js"
import { watchStalledClient } from "./StalledClient.js"
import { startRefusals } from "./StartRefusals.js"

/** Where a session's run is followed in the native dialect. */
export const eventsUrl = (sessionId: string) => `/api/chat/agent/${encodeURIComponent(sessionId)}/events`

/** The frames of a batch of events, encoded as one write. */
const framesOf = (items: Iterable<ListenerItem>): Uint8Array => {
  let frames = ""
  for (const item of items) frames += frame({ id: item.id, event: item.type, json: item.json })
  return encoder.encode(frames)
}

/**
 * The native SSE body of one listener: the preamble, then the frames of whatever the listener
 * hands on at once, encoded as one write — as a pull, and as a feed when the run is local (see
 * `PullBody`). Framing, encoding and the stalled-client watch are fused into the listener's own
 * steps because this is the path of every token to its socket, and each stage in between costs on
 * every token.
 */
const nativeBody = (
  request: HttpServerRequest.HttpServerRequest,
  sendTimeoutS: number,
  follow: Effect.Effect<Following, never, Scope.Scope>
): Effect.Effect<BodySource, never, Scope.Scope> =>
  Effect.gen(function* () {
    yield* watchStalledClient(request, Duration.seconds(sendTimeoutS))
    const { pull, feed } = yield* follow
    let opened = false
    const preamble = () => {
      opened = true
      return encoder.encode(PREAMBLE)
    }
    return {
      pull: Effect.suspend(() => (opened ? Effect.map(pull, framesOf) : Effect.succeed(preamble()))),
      feed:
        feed === undefined
          ? undefined
          : {
              poll: () => {
                if (!opened) return preamble()
                const items = feed.poll()
                return items === null ? null : items.length === 0 ? undefined : framesOf(items)
              },
              wait: feed.wait
            }
    }
  })

/** The resume cursor: `Last-Event-ID` wins over `?after=`; absent means from the start. */
const readCursor = Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
  const header = request.headers["last-event-id"]
  const useHeader = header !== undefined && header !== ""
  const raw = useHeader ? header : new URL(request.url, "http://localhost").searchParams.get("after")
  const field = useHeader ? "Last-Event-ID" : "after"
  if (raw === null || raw === "") return { field, value: Option.some(0) }
  const value = Number(raw)
  return { field, value: Number.isSafeInteger(value) && value >= 0 ? Option.some(value) : Option.none<number>() }
})

const sessionParam = Effect.map(HttpLayerRouter.params, (p) => p["session_id"] ?? "")

export const ChatRoutes = HttpLayerRouter.use(
  Effect.fn(function* (router) {
    const registry = yield* SessionRegistry
    const config = yield* AppConfig
    const limits = bodyLimitsOf(config)

    yield* router.add(
      "POST",
      "/api/chat/agent",
      Effect.gen(function* () {
        const body = yield* readAgentRequest(limits)
        const run = yield* registry.start(body)
        const request = yield* HttpServerRequest.HttpServerRequest
        return yield* ssePullResponse(request, nativeBody(request, config.sendTimeoutS, registry.follow(run, { after: 0, resumed: false })), {
          "content-location": eventsUrl(run.sessionId),
          "x-session-id": run.sessionId,
          "x-run-id": run.runId
        })
      }).pipe(Effect.catchTags(startRefusals(eventsUrl)))
    )

    yield* router.add(
      "GET",
      "/api/chat/agent/:session_id/events",
      Effect.gen(function* () {
        const sessionId = yield* sessionParam
        const { field, value: cursor } = yield* readCursor
        if (Option.isNone(cursor)) {
          return errorResponse({
            status: 400,
            code: "invalid_request",
            message: `${field} must be a whole number of 0 or more (the id of the last event received).`,
            details: [{ path: field, message: "expected a non-negative integer" }]
          })
        }
        const attached = yield* registry.attach(sessionId, cursor.value)
        if (Option.isNone(attached)) return HttpServerResponse.empty({ status: 204 })
        const { runId, follow } = attached.value
        const request = yield* HttpServerRequest.HttpServerRequest
        return yield* ssePullResponse(request, nativeBody(request, config.sendTimeoutS, follow), {
          "content-location": eventsUrl(sessionId),
          "x-session-id": sessionId,
          "x-run-id": runId
        })
      })
    )

    yield* router.add(
      "POST",
      "/api/chat/agent/:session_id/cancel",
      Effect.gen(function* () {
        const sessionId = yield* sessionParam
        return yield* registry.cancel(sessionId).pipe(
          Effect.map((run) => HttpServerResponse.unsafeJson({ cancelled: true, run_id: run.runId, session_id: sessionId }, { status: 202 })),
          Effect.catchTag("NoActiveRun", () =>
            Effect.succeed(errorResponse({ status: 404, code: "no_active_run", message: `Session ${sessionId} has no active run to cancel.` }))
          )
        )
      })
    )
  })
)
