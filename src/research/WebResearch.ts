/**
 * The web-research provider the `research` tool reads from: a search returning the top hits for
 * a query, and a reader returning a page as text. One implementation speaks Jina's API
 * (`JinaResearch.ts`); tests point it at a local fake server.
 */
import { Context, Data, type Effect } from "effect"

export interface SearchHit {
  readonly url: string
  readonly title: string
  readonly snippet: string
}

export interface Page {
  readonly url: string
  readonly title: string
  readonly content: string
}

/** A search or a page read that did not work; `target` is the query or the URL. */
export class ResearchError extends Data.TaggedError("ResearchError")<{
  readonly operation: "search" | "read"
  readonly target: string
  readonly reason: string
  readonly status?: number
}> {
  override get message(): string {
    return `${this.operation} ${JSON.stringify(this.target)} failed: ${this.reason}`
  }
}

export interface WebResearchShape {
  readonly search: (query: string) => Effect.Effect<ReadonlyArray<SearchHit>, ResearchError>
  readonly read: (url: string) => Effect.Effect<Page, ResearchError>
}

export class WebResearch extends Context.Tag("gtplanner/WebResearch")<WebResearch, WebResearchShape>() {}
