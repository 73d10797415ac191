// Compiles the server to dist/main.js (one ESM file; npm packages stay external) so it starts
// fast — once per worker under --workers — without transpiling TypeScript at startup.
// Written to a temporary file and renamed, so a process starting meanwhile never reads half a file.
import { build } from "esbuild"
import { mkdirSync, renameSync, writeFileSync } from "node:fs"
import { basename, dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const started = Date.now()
const result = await build({
  entryPoints: [join(root, "src/main.ts")],
  outfile: join(root, "dist/main.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  write: false,
  logLevel: "warning"
})
mkdirSync(join(root, "dist"), { recursive: true })
for (const file of result.outputFiles) {
  const temporary = join(dirname(file.path), `.${basename(file.path)}.${process.pid}.tmp`)
  writeFileSync(temporary, file.contents)
  renameSync(temporary, file.path)
}
if (process.env.GTPLANNER_BUILD_QUIET !== "1") console.log(`built dist/main.js in ${Date.now() - started} ms`)
