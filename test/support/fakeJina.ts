/**
 * A local stand-in for Jina's search (`GET /search/?q=`) and reader (`GET /reader/{url}`) on
 * loopback: each keyword finds three pages on `docs.example`, each page reads as a short text.
 * Keywords listed in `failing` answer 500. It records every request and its bearer key.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

export interface FakeJina {
  readonly searchBaseUrl: string
  readonly readerBaseUrl: string
  readonly searches: Array<{ readonly query: string; readonly authorization: string | undefined }>
  readonly reads: Array<string>
  readonly failing: Set<string>
  /** Searches answered so far at the same time, at most. */
  readonly maxConcurrentSearches: () => number
  readonly resetConcurrency: () => void
  /** Each search answers after this many milliseconds (so overlapping searches can be observed). */
  searchDelayMs: number
  readonly close: () => Promise<void>
}

const slug = (text: string) => text.toLowerCase().replaceAll(/[^a-z0-9]+/g, "-")

export const startFakeJina = async (): Promise<FakeJina> => {
  const searches: FakeJina["searches"] = []
  const reads: Array<string> = []
  const failing = new Set<string>()
  let inFlight = 0
  let maxInFlight = 0
  const state = { searchDelayMs: 0 }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost")
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === "/search/") {
      const query = url.searchParams.get("q") ?? ""
      searches.push({ query, authorization: req.headers.authorization })
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      if (state.searchDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.searchDelayMs))
      inFlight--
      if (failing.has(query)) return send(500, { code: 500, message: "search backend exploded" })
      return send(200, {
        code: 200,
        data: [1, 2, 3].map((n) => ({ url: `https://docs.example/${slug(query)}/${n}`, title: `${query} guide ${n}`, description: `About ${query}, part ${n}.` }))
      })
    }
    if (url.pathname.startsWith("/reader/")) {
      const target = decodeURIComponent((req.url ?? "").slice("/reader/".length))
      reads.push(target)
      return send(200, { code: 200, data: { url: target, title: `Page ${target}`, content: `${target} explains setup, limits and pricing. It has a free tier.` } })
    }
    send(404, { message: "not found" })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  return {
    searchBaseUrl: `${base}/search`,
    readerBaseUrl: `${base}/reader`,
    searches,
    reads,
    failing,
    maxConcurrentSearches: () => maxInFlight,
    resetConcurrency: () => {
      maxInFlight = inFlight
    },
    get searchDelayMs() {
      return state.searchDelayMs
    },
    set searchDelayMs(ms: number) {
      state.searchDelayMs = ms
    },
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}
