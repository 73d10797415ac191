/** Builds dist/main.js once, for the tests that spawn the real server command. */
import { execFileSync } from "node:child_process"

export default function setup() {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit", env: { ...process.env, GTPLANNER_BUILD_QUIET: "1" } })
}
