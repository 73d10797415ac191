/**
 * `WebResearch` over Jina-compatible endpoints: `GET {search}/?q=…` and `GET {reader}/{url}`,
 * both asked for JSON, with a bearer key. Base URLs come from the settings, so any compatible
 * service — or a local fake in tests — can stand in.
 */
import { FetchHttpClient, HttpClient, HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { Duration, Effect, Layer, Redacted, Schema } from "effect"
import { type Page, ResearchError, type SearchHit, WebResearch } from "./WebResearch.js"

export interface JinaSettings {
  readonly apiKey: Redacted.Redacted<string>
  readonly searchBaseUrl: string
  readonly readerBaseUrl: string
  readonly timeout: Duration.DurationInput
}

const Str = Schema.optionalWith(Schema.String, { default: () => "" })

const SearchResponse = Schema.Struct({
  data: Schema.Array(Schema.Struct({ url: Schema.String, title: Str, description: Str, content: Str }))
})

const ReaderResponse = Schema.Struct({
  data: Schema.Struct({ url: Str, title: Str, content: Str })
})

const trimSlash = (url: string) => url.replace(/\/+$/, "")

export const make = (settings: JinaSettings) =>
  Effect.gen(function* () {
    const client = (yield* HttpClient.HttpClient).pipe(
      HttpClient.mapRequest(
        HttpClientRequest.setHeaders({ authorization: `Bearer ${Redacted.value(settings.apiKey)}`, accept: "application/json" })
      ),
      HttpClient.filterStatusOk
    )

    /** One GET decoded with `schema`; every way it can go wrong becomes a `ResearchError`. */
    const getJson = <A, I>(operation: "search" | "read", target: string, request: HttpClientRequest.HttpClientRequest, schema: Schema.Schema<A, I>) =>
      client.execute(request).pipe(
        Effect.flatMap(HttpClientResponse.schemaBodyJson(schema)),
        Effect.scoped,
        Effect.timeoutFail({
          duration: settings.timeout,
          onTimeout: () => new ResearchError({ operation, target, reason: `no answer within ${Duration.format(settings.timeout)}` })
        }),
        Effect.catchAll((error) => {
          if (error instanceof ResearchError) return Effect.fail(error)
          const status = error._tag === "ResponseError" ? error.response.status : undefined
          const reason = error._tag === "ParseError" ? "the answer was not the expected JSON" : error.message
          return Effect.fail(new ResearchError({ operation, target, reason, ...(status === undefined ? {} : { status }) }))
        })
      )

    const search = (query: string) =>
      getJson(
        "search",
        query,
        HttpClientRequest.get(`${trimSlash(settings.searchBaseUrl)}/`).pipe(
          HttpClientRequest.setUrlParam("q", query),
          // The pages are read separately (top N); the search need not read them all.
          HttpClientRequest.setHeader("x-respond-with", "no-content")
        ),
        SearchResponse
      ).pipe(
        Effect.map((r): ReadonlyArray<SearchHit> => r.data.map((d) => ({ url: d.url, title: d.title || d.url, snippet: d.description || d.content.slice(0, 300) })))
      )

    const read = (url: string) =>
      getJson("read", url, HttpClientRequest.get(`${trimSlash(settings.readerBaseUrl)}/${url}`), ReaderResponse).pipe(
        Effect.map((r): Page => ({ url: r.data.url || url, title: r.data.title || url, content: r.data.content }))
      )

    return WebResearch.of({ search, read })
  })

export const layer = (settings: JinaSettings): Layer.Layer<WebResearch> =>
  Layer.effect(WebResearch, make(settings)).pipe(Layer.provide(FetchHttpClient.layer))
