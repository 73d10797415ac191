/**
 * Reading and checking a request body: media type (415), size (413), JSON (400 `invalid_json`),
 * the schema with every failing field path (400 `invalid_request`), and the conversation itself
 * (400 `empty_history` / `no_user_message`). Nothing starts before all of it passed. The native
 * endpoint and every dialect read their bodies through here.
 */
import { HttpServerRequest } from "@effect/platform"
import { Data, Effect, Either, ParseResult, Schema, Stream } from "effect"
import { AgentContextRequest } from "../domain/AgentContext.js"
import { type Message, messageText } from "../domain/Message.js"
import type { ApiErrorBody } from "./ApiError.js"
import { BodyBytes, readNodeBody, unreadNodeRequestOf } from "./BodyBytes.js"

export class RequestRejected extends Data.TaggedError("RequestRejected")<{ readonly body: ApiErrorBody }> {}

export interface BodyLimits {
  readonly maxBodyBytes: number
  readonly maxHistory: number
  readonly maxMessageChars: number
}

/** The request limits of the settings, for every dialect's start endpoint. */
export const bodyLimitsOf = (config: BodyLimits): BodyLimits => ({
  maxBodyBytes: config.maxBodyBytes,
  maxHistory: config.maxHistory,
  maxMessageChars: config.maxMessageChars
})

/** How far past the limit an undeclared body is drained before the connection is cut. */
const DISCARD_FACTOR = 16

export const reject = (body: ApiErrorBody) => Effect.fail(new RequestRejected({ body }))

/** `dialogue_history[2].role` from a Schema issue path. */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out === "" ? String(key) : `${out}.${String(key)}`), "")

const tooLarge = (limit: number) =>
  ({
    status: 413,
    code: "payload_too_large",
    message: `The request body is larger than the limit of ${limit} bytes.`,
    details: { limit_bytes: limit },
    headers: { connection: "close" }
  }) satisfies ApiErrorBody

const unreadable = (reason: string) =>
  ({ status: 400, code: "invalid_body", message: `The request body could not be read: ${reason}` }) satisfies ApiErrorBody

const isJsonMediaType = (value: string | undefined) => value !== undefined && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(value)

const readText = (limit: number) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const declared = Number(request.headers["content-length"])
    if (Number.isFinite(declared) && declared > limit) return yield* reject(tooLarge(limit))
    const bytes = new BodyBytes(limit, limit * DISCARD_FACTOR)
    const message = unreadNodeRequestOf(request)
    const read =
      message !== undefined
        ? yield* readNodeBody(message, bytes)
        : yield* request.stream.pipe(
            Stream.runForEach((part) => (bytes.add(part) ? Effect.void : reject(tooLarge(limit)))),
            Effect.map(() => bytes.read),
            Effect.catchTag("RequestError", (e) => reject(unreadable(e.message)))
          )
    if (read._tag === "TooLarge") return yield* reject(tooLarge(limit))
    if (read._tag === "Failed") return yield* reject(unreadable(read.message))
    return read.text
  })

/** JSON nested deeper than this is refused before anything walks it recursively. */
const MAX_DEPTH = 64

/** The nesting depth of a parsed JSON value, measured without recursion. */
export const jsonDepth = (value: unknown, limit = MAX_DEPTH): number => {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (node === null || typeof node !== "object") continue
    deepest = Math.max(deepest, depth)
    if (deepest > limit) return deepest
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1])
  }
  return deepest
}

/** Issue messages quote the offending value: keep them readable whatever was sent. */
const clip = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text)

/** One refused field: its path (`messages[2].role`) and what is wrong with it. */
export interface Issue {
  readonly path: string
  readonly message: string
}

/** The issues of a failed decode, each with its field path (at most 20, clipped for readability). */
export const issuesOf = (error: ParseResult.ParseError, prefix: ReadonlyArray<PropertyKey> = []): Array<Issue> => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({ path: formatPath([...prefix, ...issue.path]) || "(body)", message: issue.message }))
  // A field that may also be null or absent fails each alternative: "Expected null" beside the
  // real problem at the same field (or inside it) is noise.
  const beside = (issue: Issue) =>
    issues.some((other) => other !== issue && (other.path === issue.path || other.path.startsWith(`${issue.path}.`) || other.path.startsWith(`${issue.path}[`)))
  return issues
    .filter((issue) => !(/^Expected (null|undefined), actual/.test(issue.message) && beside(issue)))
    .slice(0, 20)
    .map((issue) => ({ path: clip(issue.path, 200), message: clip(issue.message) }))
}

/** A 400 `invalid_request` listing each failing field. */
export const invalidRequest = (issues: ReadonlyArray<Issue>): ApiErrorBody => ({
  status: 400,
  code: "invalid_request",
  message: `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
  details: issues
})

/**
 * Reads a JSON request body and decodes it with `schema`: media type (415), size (413), JSON
 * (400 `invalid_json`), nesting depth and the schema (400 `invalid_request` naming each field).
 * Shared by every dialect, so they all refuse bad input the same way.
 */
export const readJsonBody = <A, I>(schema: Schema.Schema<A, I>, maxBodyBytes: number) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const contentType = request.headers["content-type"]
    if (!isJsonMediaType(contentType)) {
      return yield* reject({
        status: 415,
        code: "unsupported_media_type",
        message: `Content-Type must be application/json (got ${contentType === undefined ? "none" : JSON.stringify(contentType)}).`
      })
    }
    const text = yield* readText(maxBodyBytes)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      return yield* reject({
        status: 400,
        code: "invalid_json",
        message: `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`
      })
    }
    if (jsonDepth(json) > MAX_DEPTH) {
      return yield* reject({
        status: 400,
        code: "invalid_request",
        message: `The request body is nested more than ${MAX_DEPTH} levels deep.`,
        details: [{ path: "(body)", message: `at most ${MAX_DEPTH} levels of nesting` }]
      })
    }
    const decoded = Schema.decodeUnknownEither(schema, { errors: "all" })(json)
    if (Either.isLeft(decoded)) return yield* reject(invalidRequest(issuesOf(decoded.left)))
    return decoded.right
  })

/** How a conversation is named in refusals: its field, and the path of the content of its i-th message. */
export interface HistoryField {
  readonly name: string
  readonly contentAt: (index: number) => string
}

const DIALOGUE_HISTORY: HistoryField = { name: "dialogue_history", contentAt: (i) => `dialogue_history[${i}].content` }

/**
 * The checks on the conversation itself — not empty, within the limits, ending with the user's
 * message — in the terms of the field the client sent (`field`).
 */
export const checkHistory = (history: ReadonlyArray<Message>, limits: BodyLimits, field: HistoryField = DIALOGUE_HISTORY) =>
  Effect.gen(function* () {
    if (history.length === 0) {
      return yield* reject({ status: 400, code: "empty_history", message: `${field.name} is empty: send at least the user's message.` })
    }
    if (history.length > limits.maxHistory) {
      return yield* reject({
        status: 400,
        code: "invalid_request",
        message: `${field.name} has ${history.length} messages; the limit is ${limits.maxHistory}.`,
        details: [{ path: field.name, message: `at most ${limits.maxHistory} messages` }]
      })
    }
    const oversized = history.findIndex((m) => messageText(m).length > limits.maxMessageChars)
    if (oversized !== -1) {
      const path = field.contentAt(oversized)
      return yield* reject({
        status: 400,
        code: "invalid_request",
        message: `${path} is longer than ${limits.maxMessageChars} characters.`,
        details: [{ path, message: `at most ${limits.maxMessageChars} characters` }]
      })
    }
    const last = history[history.length - 1]!
    if (last.role !== "user" || messageText(last).trim() === "") {
      return yield* reject({
        status: 400,
        code: "no_user_message",
        message: `The last message of ${field.name} must be a non-empty user message: that is what the planner answers.`
      })
    }
  })

/** The body of `POST /api/chat/agent`, read and checked in full. */
export const readAgentRequest = (limits: BodyLimits) =>
  Effect.gen(function* () {
    const body = yield* readJsonBody(AgentContextRequest, limits.maxBodyBytes)
    yield* checkHistory(body.dialogue_history, limits)
    return body
  })
