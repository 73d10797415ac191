/** The five languages everything a user reads is written in. */
import { Schema } from "effect"

export const Language = Schema.Literal("zh", "en", "ja", "es", "fr")
export type Language = typeof Language.Type

export const languages: ReadonlyArray<Language> = Language.literals

export const isLanguage = Schema.is(Language)
