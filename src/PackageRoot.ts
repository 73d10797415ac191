/**
 * The folder holding this package's package.json, found from this module's own location — the
 * same answer whether the code runs from `src/` (tsx, tests) or bundled into `dist/main.js`.
 */
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const find = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir
    const parent = dirname(dir)
    if (parent === dir) return process.cwd()
    dir = parent
  }
}

export const packageRoot: string = find()
