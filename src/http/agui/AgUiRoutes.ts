/**
 * `POST /api/ag-ui`: one AG-UI run (`RunAgentInput` in, AG-UI events out as `data:` frames) —
 * a run of the same engine as the native endpoint, read through the AG-UI dialect.
 */
import { HttpLayerRouter, HttpServerRequest } from "@effect/platform"
import { Duration, Effect, Either } from "effect"
import { AppConfig } from "../../config/AppConfig.js"
import { SessionRegistry } from "../../engine/SessionRegistry.js"
import { eventsUrl } from "../ChatRoutes.js"
import { dialectFrames } from "../DialectStream.js"
import { bodyLimitsOf, checkHistory, invalidRequest, readJsonBody, reject } from "../RequestBody.js"
import { DIALECT_PREAMBLE, sseResponse } from "../Sse.js"
import { guardStalledClient } from "../StalledClient.js"
import { startRefusals } from "../StartRefusals.js"
import { agUiDialect } from "./AgUiEvents.js"
import { agentRequestOf, historyOf, RunAgentInput } from "./RunAgentInput.js"

export const AG_UI_PATH = "/api/ag-ui"

export const AgUiRoutes = HttpLayerRouter.use(
  Effect.fn(function* (router) {
    const registry = yield* SessionRegistry
    const config = yield* AppConfig
    const limits = bodyLimitsOf(config)

    yield* router.add(
      "POST",
      AG_UI_PATH,
      Effect.gen(function* () {
        const input = yield* readJsonBody(RunAgentInput, limits.maxBodyBytes)
        const history = historyOf(input.messages)
        if (Either.isLeft(history)) return yield* reject(invalidRequest(history.left))
        const converted = history.right
        yield* checkHistory(converted.history, limits, { name: "messages", contentAt: (i) => `messages[${converted.sources[i] ?? i}].content` })
        const run = yield* registry.start(agentRequestOf(input, converted))
        const dialect = agUiDialect({ threadId: input.threadId, runId: input.runId ?? run.runId, state: input.state ?? {} })
        const guard = guardStalledClient(yield* HttpServerRequest.HttpServerRequest, Duration.seconds(config.sendTimeoutS))
        const frames = dialectFrames(registry.listen(run, { after: 0, resumed: false }), dialect)
        return sseResponse(guard(frames), { "x-session-id": run.sessionId, "x-run-id": run.runId }, DIALECT_PREAMBLE)
      }).pipe(Effect.catchTags(startRefusals(eventsUrl)))
    )
  })
)
