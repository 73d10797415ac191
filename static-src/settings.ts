/**
 * The run options a person may change — language (also the page's own), metadata, heartbeat
 * interval, whether the run survives a dropped connection — kept in `localStorage` and turned
 * into the request's fields.
 */
import { byId } from "./dom.js"
import { languageNames, preferredLanguage } from "./i18n.js"
import { type ChatRequest, isLanguage, type Language, languages } from "./wire.js"

export interface Settings {
  readonly language: Language
  readonly includeMetadata: boolean
  readonly heartbeatInterval: number
  readonly keepRunning: boolean
}

const STORAGE_KEY = "gtplanner.settings.v1"

const clampHeartbeat = (value: number) => (Number.isFinite(value) ? Math.min(300, Math.max(1, Math.round(value))) : 30)

export const loadSettings = (storage: Storage, browserLanguages: ReadonlyArray<string>): Settings => {
  const fallback: Settings = { language: preferredLanguage(browserLanguages), includeMetadata: false, heartbeatInterval: 30, keepRunning: true }
  try {
    const value = JSON.parse(storage.getItem(STORAGE_KEY) ?? "{}") as Partial<Settings>
    return {
      language: isLanguage(value.language) ? value.language : fallback.language,
      includeMetadata: typeof value.includeMetadata === "boolean" ? value.includeMetadata : fallback.includeMetadata,
      heartbeatInterval: typeof value.heartbeatInterval === "number" ? clampHeartbeat(value.heartbeatInterval) : fallback.heartbeatInterval,
      keepRunning: typeof value.keepRunning === "boolean" ? value.keepRunning : fallback.keepRunning
    }
  } catch {
    return fallback
  }
}

/** The request fields these settings decide. */
export const requestOptions = (settings: Settings): Required<Pick<ChatRequest, "language" | "include_metadata" | "heartbeat_interval" | "on_disconnect">> => ({
  language: settings.language,
  include_metadata: settings.includeMetadata,
  heartbeat_interval: settings.heartbeatInterval,
  on_disconnect: settings.keepRunning ? "continue" : "cancel"
})

/** The settings form, filled from and saved to storage on every change. */
export class SettingsForm {
  private readonly language = byId<HTMLSelectElement>("setting-language")
  private readonly includeMetadata = byId<HTMLInputElement>("setting-include-metadata")
  private readonly heartbeat = byId<HTMLInputElement>("setting-heartbeat")
  private readonly keepRunning = byId<HTMLInputElement>("setting-keep-running")

  constructor(
    private readonly storage: Storage,
    initial: Settings,
    onLanguage: (language: Language) => void
  ) {
    this.language.replaceChildren(
      ...languages.map((code) => {
        const option = new Option(languageNames[code], code)
        option.lang = code
        return option
      })
    )
    this.language.value = initial.language
    this.includeMetadata.checked = initial.includeMetadata
    this.heartbeat.value = String(initial.heartbeatInterval)
    this.keepRunning.checked = initial.keepRunning
    const form = byId<HTMLFormElement>("settings")
    form.addEventListener("change", () => this.save())
    // Enter in the number field must not submit (and so reload) the page.
    form.addEventListener("submit", (event) => event.preventDefault())
    this.language.addEventListener("change", () => onLanguage(this.current.language))
  }

  get current(): Settings {
    return {
      language: isLanguage(this.language.value) ? this.language.value : "en",
      includeMetadata: this.includeMetadata.checked,
      heartbeatInterval: clampHeartbeat(Number(this.heartbeat.value)),
      keepRunning: this.keepRunning.checked
    }
  }

  private save(): void {
    try {
      this.storage.setItem(STORAGE_KEY, JSON.stringify(this.current))
    } catch {
      // Settings then last for this page only.
    }
  }
}
