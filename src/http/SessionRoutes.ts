/**
 * State outside the stream: the snapshot of a session's latest run, and its design documents
 * as downloads — served from memory by exact name; no request path ever touches the disk.
 */
import { HttpLayerRouter, HttpServerResponse } from "@effect/platform"
import { Effect, Option } from "effect"
import { SessionRegistry } from "../engine/SessionRegistry.js"
import { notFound } from "./ApiError.js"

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
export const contentDisposition = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`

export const SessionRoutes = HttpLayerRouter.use(
  Effect.fn(function* (router) {
    const registry = yield* SessionRegistry

    yield* router.add(
      "GET",
      "/api/sessions/:session_id",
      Effect.gen(function* () {
        const { session_id = "" } = yield* HttpLayerRouter.params
        const snapshot = yield* registry.snapshot(session_id)
        return Option.match(snapshot, {
          onNone: () => notFound("session_not_found", `No run is known for session ${session_id}.`),
          onSome: (s) => HttpServerResponse.unsafeJson(s)
        })
      })
    )

    yield* router.add(
      "GET",
      "/api/sessions/:session_id/documents/:filename",
      Effect.gen(function* () {
        const { session_id = "", filename = "" } = yield* HttpLayerRouter.params
        const doc = yield* registry.document(session_id, filename)
        return Option.match(doc, {
          onNone: () => notFound("document_not_found", `Session ${session_id} has no document named ${JSON.stringify(filename)}.`),
          onSome: (d) =>
            HttpServerResponse.text(d.content, {
              contentType: d.format === "json" ? "application/json; charset=utf-8" : "text/markdown; charset=utf-8",
              headers: { "content-disposition": contentDisposition(filename), "cache-control": "no-store" }
            })
        })
      })
    )
  })
)
