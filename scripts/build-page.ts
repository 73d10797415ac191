/**
 * Bundles the test page (`static-src/main.ts` with marked, DOMPurify, eventsource-parser and
 * fflate from node_modules) into `static/dist/`, which the server serves under `/static/dist/`.
 * Run by `npm install` (prepare), `npm start` (prestart) and the test suite (global setup), so
 * the page never loads anything from a CDN and never goes stale against its sources.
 */
import { build } from "esbuild"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))

/** Builds the bundle; resolves with the bytes written per file. */
export const buildPage = async (): Promise<Record<string, number>> => {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["static-src/main.ts"],
    outfile: "static/dist/app.js",
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    sourcemap: "linked",
    legalComments: "linked",
    metafile: true,
    logLevel: "warning"
  })
  return Object.fromEntries(Object.entries(result.metafile.outputs).map(([file, out]) => [file, out.bytes]))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await buildPage()
  for (const [file, bytes] of Object.entries(sizes)) console.log(`${file}  ${(bytes / 1024).toFixed(1)} KiB`)
}
