/**
 * The status panel: connection state, ids, counters and the age of the last heartbeat. The
 * heartbeat age is the one value that changes without an event, so it alone is re-drawn by a
 * one-second ticker.
 */
import { byId } from "./dom.js"
import type { I18n, TextKey } from "./i18n.js"
import type { ConnectionState } from "./run-stream.js"

const stateKey: Readonly<Record<ConnectionState, TextKey>> = {
  idle: "stateIdle",
  connecting: "stateConnecting",
  streaming: "stateStreaming",
  reconnecting: "stateReconnecting",
  closed: "stateClosed"
}

export interface Counts {
  readonly messages: number
  readonly events: number
  readonly toolCalls: number
}

export class StatusPanel {
  private readonly connection = byId("status-connection")
  private readonly session = byId("status-session")
  private readonly run = byId("status-run")
  private readonly lastEvent = byId("status-last-event")
  private readonly messages = byId("status-messages")
  private readonly events = byId("status-events")
  private readonly toolCalls = byId("status-tool-calls")
  private readonly heartbeat = byId("status-heartbeat")
  private readonly reconnects = byId("status-reconnects")
  private lastHeartbeat: number | null = null
  private reconnectCount = 0

  constructor(private readonly i18n: I18n) {
    this.setState("idle")
    setInterval(() => this.drawHeartbeat(), 1000)
    i18n.onChange(() => this.drawHeartbeat())
    this.drawHeartbeat()
  }

  setState(state: ConnectionState): void {
    this.connection.dataset["state"] = state
    this.connection.dataset["i18n"] = stateKey[state]
    this.connection.textContent = this.i18n.t(stateKey[state])
  }

  setSession(sessionId: string): void {
    this.session.textContent = sessionId
  }

  setRun(runId: string | null): void {
    this.run.textContent = runId ?? "—"
  }

  setLastEventId(id: number | null): void {
    this.lastEvent.textContent = id === null ? "—" : String(id)
  }

  setCounts(counts: Counts): void {
    this.messages.textContent = String(counts.messages)
    this.events.textContent = String(counts.events)
    this.toolCalls.textContent = String(counts.toolCalls)
  }

  heartbeatReceived(): void {
    this.lastHeartbeat = Date.now()
    this.drawHeartbeat()
  }

  reconnected(): void {
    this.reconnects.textContent = String(++this.reconnectCount)
  }

  private drawHeartbeat(): void {
    this.heartbeat.textContent =
      this.lastHeartbeat === null ? this.i18n.t("never") : this.i18n.format("secondsAgo", { n: Math.floor((Date.now() - this.lastHeartbeat) / 1000) })
  }
}
