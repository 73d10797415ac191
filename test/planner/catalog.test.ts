/** The building-block catalog: every shipped entry valid and findable; bad user entries named precisely. */
import { Effect, Either, Option } from "effect"
import { readdirSync } from "node:fs"
import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { Catalog, SHIPPED_CATALOG_DIR } from "../../src/catalog/Catalog.js"
import { CatalogInvalid, parseCatalogFile } from "../../src/catalog/CatalogLoader.js"

const load = (dir?: string) => Effect.runPromise(Catalog.load(dir === undefined ? Option.none() : Option.some(dir)).pipe(Effect.either))

const folderWith = async (files: Record<string, string>) => {
  const dir = await mkdtemp(join(tmpdir(), "gtplanner-catalog-"))
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return dir
}

describe("the shipped catalog", () => {
  it("has at least 80 valid entries with unique ids, covering every category the planner needs", async () => {
    const catalog = Either.getOrThrow(await load())
    expect(catalog.size).toBeGreaterThanOrEqual(80)
    expect(new Set(catalog.entries.map((e) => e.id)).size).toBe(catalog.size)
    const categories = new Set(catalog.entries.map((e) => e.category))
    for (const needed of ["llm", "embeddings", "vector-store", "web-search", "scraping", "speech", "image", "auth", "payments", "email", "sms", "storage", "queue", "database", "cache", "web-framework", "maps", "weather", "observability"]) {
      expect(categories, needed).toContain(needed)
    }
    for (const entry of catalog.entries) {
      expect(entry.homepage, entry.id).toMatch(/^https:\/\//)
      if (entry.install) expect(entry.install, entry.id).toMatch(/^(npm i|npx|pip install) /)
    }
  })

  it("ranks with BM25, and matches with typos and prefixes", async () => {
    const catalog = Either.getOrThrow(await load())
    const payments = new Set(catalog.entries.filter((e) => e.category === "payments").map((e) => e.id))
    expect(payments).toContain(catalog.search("payments", { limit: 5 })[0]!.entry.id)
    expect(catalog.search("accept card payments", { limit: 1 })[0]!.entry.id).toBe("stripe")
    expect(catalog.search("paymnts", { limit: 3 }).map((h) => h.entry.category)).toEqual(["payments", "payments", "payments"])
    // "vect" is only a prefix of "vector": most of the best five are vector stores.
    expect(catalog.search("vect", { limit: 5 }).filter((h) => h.entry.category === "vector-store").length).toBeGreaterThanOrEqual(4)
    const packages = catalog.search("transactional email", { limit: 5, types: ["package"] })
    expect(packages[0]!.entry.id).toBe("nodemailer")
    expect(packages.every((h) => h.entry.type === "package")).toBe(true)
    const scores = catalog.search("speech to text transcription", { limit: 5 }).map((h) => h.score)
    expect(scores[0]).toBe(1)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
  })
})

describe("a user catalog folder", () => {
  it("is merged: new entries are added and an entry with a shipped id replaces it", async () => {
    const dir = await folderWith({
      "mine.yaml": [
        "- id: stripe",
        "  name: Stripe (our account)",
        "  type: service",
        "  summary: Payments through our negotiated Stripe account.",
        "  description: Use the company account; ask finance for keys.",
        "  tags: [payments]",
        "  homepage: https://docs.stripe.com",
        "- id: acme-ledger",
        "  name: ACME Ledger",
        "  type: api",
        "  summary: The company's internal ledger API.",
        "  description: Books every payment into the general ledger.",
        "  tags: [ledger, accounting, payments]",
        "  homepage: https://ledger.acme.example"
      ].join("\n")
    })
    const shipped = Either.getOrThrow(await load()).size
    const catalog = Either.getOrThrow(await load(dir))
    expect(catalog.size).toBe(shipped + 1)
    expect(catalog.get("stripe")!.name).toBe("Stripe (our account)")
    expect(catalog.search("general ledger", { limit: 1 })[0]!.entry.id).toBe("acme-ledger")
  })

  it("with a malformed entry stops the load naming the file and the field", async () => {
    const dir = await folderWith({
      "good.json": JSON.stringify({ id: "ok-one", name: "OK", type: "api", summary: "s", description: "d", tags: ["t"], homepage: "https://ok.example" }),
      "bad.yaml": "- id: fine\n  name: Fine\n  type: api\n  summary: s\n  description: d\n  tags: [t]\n  homepage: https://fine.example\n- id: broken\n  name: Broken\n  type: library\n  summary: s\n  description: d\n  tags: [t]\n  homepage: https://broken.example\n"
    })
    const failure = await load(dir)
    expect(Either.isLeft(failure)).toBe(true)
    const error = (failure as Either.Left<CatalogInvalid, unknown>).left
    expect(error).toBeInstanceOf(CatalogInvalid)
    expect(error.file).toBe(join(dir, "bad.yaml"))
    expect(error.field).toBe("[1].type")
    expect(error.message).toMatch(/bad\.yaml, field \[1\]\.type: must be "api", "package" or "service" \(entry "broken"\)$/)
  })

  it("reports unparsable files, missing fields, bad URLs and duplicate ids", () => {
    const left = (file: string, text: string) => Either.getLeft(parseCatalogFile(file, text)).pipe(Option.getOrThrow)
    expect(left("x.yaml", "- id: [unclosed").reason).toMatch(/^not valid YAML/)
    expect(left("x.json", "{").reason).toMatch(/^not valid JSON/)
    const missing = left("x.json", JSON.stringify({ id: "a", name: "A", type: "api", summary: "s", tags: ["t"], homepage: "https://a.example" }))
    expect(missing.field).toBe("description")
    const url = left("x.json", JSON.stringify({ id: "a", name: "A", type: "api", summary: "s", description: "d", tags: ["t"], homepage: "ftp://a" }))
    expect(url.field).toBe("homepage")
    expect(url.reason).toMatch(/must be an http\(s\) URL/)
  })

  it("may not use one id twice", async () => {
    const entry = (id: string) => JSON.stringify({ id, name: "A", type: "api", summary: "s", description: "d", tags: ["t"], homepage: "https://a.example" })
    const dir = await folderWith({ "a.json": entry("twice"), "b.json": entry("twice") })
    const error = Either.getLeft(await load(dir)).pipe(Option.getOrThrow)
    expect(error.message).toBe(`Invalid building-block catalog file ${join(dir, "b.json")}, field [0].id: id "twice" is already used in a.json`)
  })

  it("ships its data where the loader looks, from the package root (so dist/main.js finds it too)", () => {
    expect(SHIPPED_CATALOG_DIR).toBe(join(process.cwd(), "src", "catalog", "data"))
    expect(readdirSync(SHIPPED_CATALOG_DIR).filter((f) => f.endsWith(".yaml")).length).toBeGreaterThan(10)
  })
})
