/**
 * The catalog's full-text index: MiniSearch (BM25+ ranking, fuzzy and prefix matching) over each
 * entry's name, tags, category, summary and description. Built once, in memory, at startup —
 * no external vector service to wipe and rebuild (upstream defect 11).
 */
import MiniSearch from "minisearch"
import type { BlockType, CatalogEntry } from "./CatalogEntry.js"

export interface SearchHit {
  readonly entry: CatalogEntry
  /** Relevance relative to the best hit of the same query: 1 for the best, lower for the rest. */
  readonly score: number
}

export interface SearchOptions {
  readonly limit: number
  readonly types?: ReadonlyArray<BlockType>
}

/** Words that say nothing about which building block fits; dropped from documents and queries. */
const STOP_WORDS = new Set(
  "a an and are as at be build building by can design for from help i in into is it me my need of on or our please should so system that the this to want we with would".split(" ")
)

interface Doc {
  readonly id: string
  readonly name: string
  readonly tags: string
  readonly category: string
  readonly summary: string
  readonly description: string
}

export class CatalogIndex {
  private readonly search_: MiniSearch<Doc>
  private readonly byId: ReadonlyMap<string, CatalogEntry>

  constructor(readonly entries: ReadonlyArray<CatalogEntry>) {
    this.byId = new Map(entries.map((e) => [e.id, e]))
    this.search_ = new MiniSearch<Doc>({
      fields: ["name", "tags", "category", "summary", "description"],
      processTerm: (term) => {
        const lower = term.toLowerCase()
        return STOP_WORDS.has(lower) ? null : lower
      },
      searchOptions: {
        boost: { name: 3, tags: 2.5, category: 2, summary: 1.5 },
        prefix: (term) => term.length >= 3,
        fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
        combineWith: "OR"
      }
    })
    this.search_.addAll(
      entries.map((e) => ({
        id: e.id,
        name: e.name,
        tags: e.tags.join(" "),
        category: (e.category ?? "").replaceAll("-", " "),
        summary: e.summary,
        description: e.description
      }))
    )
  }

  get size(): number {
    return this.entries.length
  }

  get(id: string): CatalogEntry | undefined {
    return this.byId.get(id)
  }

  /** The best matches for a free-text query, best first. */
  search(query: string, options: SearchOptions): ReadonlyArray<SearchHit> {
    const types = options.types && options.types.length > 0 ? new Set(options.types) : undefined
    const results = this.search_.search(query, types ? { filter: (r) => types.has(this.byId.get(r.id)?.type as BlockType) } : {})
    const top = results[0]?.score ?? 1
    return results.slice(0, options.limit).flatMap((r) => {
      const entry = this.byId.get(r.id)
      return entry ? [{ entry, score: Math.round((r.score / top) * 1000) / 1000 }] : []
    })
  }
}
