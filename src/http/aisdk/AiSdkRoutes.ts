/**
 * The AI SDK UI message stream endpoints, what `useChat` with its default transport calls:
 * `POST /api/chat` starts a turn and streams it; `GET /api/chat/{id}/stream` resumes the
 * session's active run (`useChat({ resume: true })`), 204 when none is active. Both are
 * listeners of the same engine as the native endpoints, read through the AI SDK dialect.
 *
 * A resume replays the run from its start: the SDK's resume carries no cursor, and its default
 * transport treats a resumed stream as a replay (`resumeStreamIsReplay`), rebuilding the message
 * from the `start` part on — so the client ends with the same message whether it read the run
 * live, resumed it, or both.
 */
import { HttpLayerRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Duration, Effect, Either, Option, Stream } from "effect"
import { AppConfig } from "../../config/AppConfig.js"
import type { ListenerItem } from "../../engine/LogEntry.js"
import { SessionRegistry } from "../../engine/SessionRegistry.js"
import { dialectFrames } from "../DialectStream.js"
import { bodyLimitsOf, checkHistory, invalidRequest, readJsonBody, reject } from "../RequestBody.js"
import { DIALECT_PREAMBLE, sseResponse } from "../Sse.js"
import { guardStalledClient } from "../StalledClient.js"
import { startRefusals } from "../StartRefusals.js"
import { agentRequestOf, ChatRequest, chatTurnOf } from "./ChatRequest.js"
import { uiMessageDialect } from "./UiMessageStream.js"

export const CHAT_PATH = "/api/chat"

/** Where `useChat` resumes a chat: `{api}/{id}/stream`. */
export const resumeUrl = (sessionId: string) => `${CHAT_PATH}/${encodeURIComponent(sessionId)}/stream`

/** The stream protocol's own headers (`UI_MESSAGE_STREAM_HEADERS`, less what `sseResponse` sets). */
const UI_MESSAGE_STREAM_HEADERS = { "x-vercel-ai-ui-message-stream": "v1" } as const

const DONE = "data: [DONE]\n\n"

export const AiSdkRoutes = HttpLayerRouter.use(
  Effect.fn(function* (router) {
    const registry = yield* SessionRegistry
    const config = yield* AppConfig
    const limits = bodyLimitsOf(config)

    const respond = (sessionId: string, runId: string, items: Stream.Stream<ListenerItem>) =>
      Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
        const guard = guardStalledClient(request, Duration.seconds(config.sendTimeoutS))
        const frames = Stream.concat(dialectFrames(items, uiMessageDialect({ sessionId, runId })), Stream.succeed(DONE))
        return sseResponse(
          guard(frames),
          { ...UI_MESSAGE_STREAM_HEADERS, "content-location": resumeUrl(sessionId), "x-session-id": sessionId, "x-run-id": runId },
          DIALECT_PREAMBLE
        )
      })

    yield* router.add(
      "POST",
      CHAT_PATH,
      Effect.gen(function* () {
        const body = yield* readJsonBody(ChatRequest, limits.maxBodyBytes)
        const turn = chatTurnOf(body)
        if (Either.isLeft(turn)) return yield* reject(invalidRequest(turn.left))
        const { sources } = turn.right
        yield* checkHistory(turn.right.history, limits, { name: "messages", contentAt: (i) => `messages[${sources[i] ?? i}].parts` })
        const run = yield* registry.start(agentRequestOf(body, turn.right))
        return yield* respond(run.sessionId, run.runId, registry.listen(run, { after: 0, resumed: false }))
      }).pipe(Effect.catchTags(startRefusals(resumeUrl)))
    )

    yield* router.add(
      "GET",
      `${CHAT_PATH}/:id/stream`,
      Effect.gen(function* () {
        const { id = "" } = yield* HttpLayerRouter.params
        // Only an active run is resumed — here or, with Redis, on another instance: a finished one
        // is the client's to reload (the SDK's contract).
        const snapshot = yield* registry.snapshot(id)
        if (Option.isNone(snapshot) || snapshot.value.status !== "running") return HttpServerResponse.empty({ status: 204 })
        const attached = yield* registry.attach(id, 0)
        if (Option.isNone(attached)) return HttpServerResponse.empty({ status: 204 })
        return yield* respond(id, attached.value.runId, attached.value.stream)
      })
    )
  })
)
