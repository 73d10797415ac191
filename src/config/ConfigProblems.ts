/**
 * Turns a `ConfigError` into one clear line per problem: the variable, what is wrong, and an
 * example of a good value. Values are never echoed, so a secret cannot leak through an error.
 */
import { ConfigError } from "effect"
import { examples } from "./AppConfig.js"

interface Problem {
  readonly variable: string
  readonly message: string
  readonly missing: boolean
}

const leaves = (error: ConfigError.ConfigError): Array<Problem> => {
  switch (error._op) {
    case "And":
      return [...leaves(error.left), ...leaves(error.right)]
    case "Or": {
      // `LLM_X` or `OPENAI_X`: report what is wrong with a value that was given, not that the
      // other name was absent.
      const all = [...leaves(error.left), ...leaves(error.right)]
      const given = all.filter((p) => !p.missing)
      return given.length > 0 ? given : all.slice(0, 1)
    }
    case "InvalidData":
    case "Unsupported":
    case "SourceUnavailable":
      return [{ variable: error.path.join("_"), message: error.message, missing: false }]
    case "MissingData":
      return [{ variable: error.path.join("_"), message: "is required", missing: true }]
  }
}

/** Effect's own messages quote the value they rejected; ours never do. */
const withoutValue = (message: string) => message.replace(/ but received .*$/s, "")

export const describeConfigError = (error: ConfigError.ConfigError): Array<string> => {
  const seen = new Set<string>()
  const lines: Array<string> = []
  for (const problem of leaves(error)) {
    const key = `${problem.variable}:${problem.message}`
    if (seen.has(key)) continue
    seen.add(key)
    const example = examples[problem.variable]
    const what = withoutValue(problem.message).replace(/^Expected/, "expected")
    lines.push(`${problem.variable}: ${what}${example ? `; for example ${problem.variable}=${example}` : ""}`)
  }
  return lines
}

export const isConfigError = ConfigError.isConfigError
