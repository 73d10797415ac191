/**
 * Which language a turn is answered in: the request's `language`, then
 * `session_metadata.language`, then detection from the last user message, then the default.
 */
import { detect } from "tinyld"
import { type Language, isLanguage } from "../domain/Language.js"

/** The language of a text, when it is long enough to tell and one of ours. */
export const detectLanguage = (text: string): Language | undefined => {
  const found = detect(text.slice(0, 2000))
  return isLanguage(found) ? found : undefined
}

export const chooseLanguage = (options: {
  readonly requested: Language | null
  readonly sessionMetadata: Readonly<Record<string, unknown>>
  readonly lastUserText: string
  readonly fallback: Language
}): Language => {
  if (options.requested) return options.requested
  const fromSession = options.sessionMetadata["language"]
  if (isLanguage(fromSession)) return fromSession
  return detectLanguage(options.lastUserText) ?? options.fallback
}
