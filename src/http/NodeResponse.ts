/**
 * The Node `ServerResponse` behind a request, when Node's http server serves it. A request that
 * came through a web handler (`HttpLayerRouter.toWebHandler`: Deno, Bun, a serverless host) has
 * none — `NodeHttpServerRequest.toServerResponse` then gives `undefined` rather than failing.
 */
import type { HttpServerRequest } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { ServerResponse } from "node:http"

export const nodeResponseOf = (request: HttpServerRequest.HttpServerRequest): ServerResponse | undefined => {
  try {
    const response: unknown = NodeHttpServerRequest.toServerResponse(request)
    return response instanceof ServerResponse ? response : undefined
  } catch {
    return undefined
  }
}
