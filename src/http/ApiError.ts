/**
 * Every refusal is JSON: `{"error": {"code", "message", "details"}}` with its status — built
 * here and nowhere else.
 */
import { HttpServerResponse } from "@effect/platform"

export interface ApiErrorBody {
  readonly status: number
  readonly code: string
  readonly message: string
  readonly details?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export const errorResponse = (e: ApiErrorBody): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeJson(
    { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } },
    { status: e.status, ...(e.headers ? { headers: e.headers } : {}) }
  )

export const notFound = (code: string, message: string, details?: unknown) =>
  errorResponse({ status: 404, code, message, details })
