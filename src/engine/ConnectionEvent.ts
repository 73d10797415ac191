/** The `connection` event that opens a run (id 1) and every attach (resumed, without an id). */
import { type EventOf, makeEvent } from "../domain/Events.js"
import { FEATURES, SERVICE_NAME, VERSION } from "../ServerInfo.js"
import type { RunOptions } from "./Run.js"

export interface RunInfo {
  readonly runId: string
  readonly sessionId: string
  /** Epoch ms. */
  readonly startedAt: number
  readonly options: RunOptions
  readonly historyLength: number
  readonly llm: { readonly model: string; readonly demo: boolean }
}

export const connectionEvent = (info: RunInfo, resumed: boolean): EventOf<"connection"> =>
  makeEvent("connection", {
    status: "connected",
    run_id: info.runId,
    resumed,
    dialogue_history_length: info.historyLength,
    config: {
      include_metadata: info.options.includeMetadata,
      buffer_events: info.options.bufferEvents,
      heartbeat_interval: info.options.heartbeatInterval,
      on_disconnect: info.options.onDisconnect,
      language: info.options.language
    },
    server_info: { name: SERVICE_NAME, version: VERSION, features: FEATURES },
    llm: info.llm
  })
