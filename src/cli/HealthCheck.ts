/**
 * `--check`: asks a running server at `--host:--port` for `/health`. Healthy means a 200 with
 * `status: "healthy"`; anything else is a one-line reason and exit code 1.
 */
import { Effect } from "effect"

export interface HealthResult {
  readonly healthy: boolean
  readonly line: string
}

export const checkHealth = (host: string, port: number, timeoutMs = 3000): Effect.Effect<HealthResult> => {
  // A wildcard bind address is reached through loopback.
  const target = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host
  const url = `http://${target.includes(":") ? `[${target}]` : target}:${port}/health`
  return Effect.tryPromise({
    try: async (signal) => {
      const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) })
      const body = (await response.json().catch(() => ({}))) as { status?: string; version?: string; llm?: { demo?: boolean } }
      if (response.status === 200 && body.status === "healthy") {
        return { healthy: true, line: `healthy: ${url} (version ${body.version ?? "?"}${body.llm?.demo ? ", demo model" : ""})` }
      }
      return { healthy: false, line: `unhealthy: ${url} answered ${response.status} with status ${JSON.stringify(body.status ?? null)}` }
    },
    catch: (cause) => cause
  }).pipe(
    Effect.catchAll((cause) => {
      const error = cause as Error & { cause?: { code?: string; message?: string } }
      const reason = error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (error.cause?.code ?? error.cause?.message ?? error.message)
      return Effect.succeed({ healthy: false, line: `unreachable: ${url} (${reason})` })
    })
  )
}
