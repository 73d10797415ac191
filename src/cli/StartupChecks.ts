/**
 * What the original's dependency validation checked, for this stack: a supported Node, the page's
 * files, and whether the model endpoint answers. A missing requirement stops startup; an
 * unreachable model is only a warning (it may come up later, and runs then fail truthfully).
 */
import { Effect, Option, Redacted } from "effect"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { type AppConfigShape, isDemo } from "../config/AppConfig.js"

/** Problems that must stop startup, one line each. */
export const requirements = (config: AppConfigShape): Array<string> => {
  const problems: Array<string> = []
  const major = Number(process.versions.node.split(".")[0])
  if (major < 20) problems.push(`Node.js ${process.versions.node} is too old: GTPlanner needs Node.js 20 or newer.`)
  if (!existsSync(join(config.staticDir, "index.html"))) {
    problems.push(`GTPLANNER_STATIC_DIR: no index.html in ${JSON.stringify(config.staticDir)}; for example GTPLANNER_STATIC_DIR=static`)
  }
  return problems
}

/** Asks `GET {base}/models`; logs a warning naming the URL when it does not answer. */
export const probeModel = (config: AppConfigShape): Effect.Effect<void> => {
  if (isDemo(config.llm)) return Effect.logInfo("model: built-in demo model (no LLM_BASE_URL / LLM_API_KEY set)")
  const base = Option.getOrElse(config.llm.baseUrl, () => "https://api.openai.com/v1").replace(/\/+$/, "")
  const url = `${base}/models`
  const headers: Record<string, string> = Option.match(config.llm.apiKey, {
    onNone: () => ({}),
    onSome: (key) => ({ authorization: `Bearer ${Redacted.value(key)}` })
  })
  return Effect.tryPromise({
    try: () => fetch(url, { headers, signal: AbortSignal.timeout(5000) }),
    catch: (cause) => cause
  }).pipe(
    Effect.flatMap((response) =>
      response.ok
        ? Effect.logInfo("model endpoint answers", { url, model: config.llm.model })
        : Effect.logWarning(`model endpoint ${url} answered ${response.status}; runs may fail until it is fixed`)
    ),
    Effect.catchAll((cause) => {
      const error = cause as Error & { cause?: { code?: string; message?: string } }
      return Effect.logWarning(`model endpoint ${url} is unreachable (${error.cause?.code ?? error.cause?.message ?? error.message}); runs will fail until it answers`)
    })
  )
}
