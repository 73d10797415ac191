/**
 * What `/metrics` reports (Prometheus text, via `prom-client` with a registry per server):
 * runs by outcome, active runs and listeners, events emitted, how long writing an event to its
 * listeners took, model requests (latency, errors by code) and tool executions (by name and
 * outcome).
 *
 * A `Context.Reference`: code that records works without it being provided (a no-op then), so
 * embedders who do not want metrics need not provide anything.
 */
import { Context, Effect, Layer } from "effect"
import { Counter, Gauge, Histogram, Registry } from "prom-client"

export interface MetricsShape {
  readonly runStarted: () => void
  readonly runEnded: (status: "completed" | "failed" | "cancelled") => void
  readonly eventWritten: (seconds: number) => void
  readonly llmRequest: (seconds: number, outcome: string) => void
  readonly toolExecuted: (name: string, outcome: "completed" | "failed", seconds: number) => void
  /** Sets the gauges read from the engine at scrape time. */
  readonly setActivity: (activity: { readonly activeRuns: number; readonly listeners: number; readonly retainedRuns: number }) => void
  readonly render: Effect.Effect<string>
  readonly contentType: string
}

const noop: MetricsShape = {
  runStarted: () => undefined,
  runEnded: () => undefined,
  eventWritten: () => undefined,
  llmRequest: () => undefined,
  toolExecuted: () => undefined,
  setActivity: () => undefined,
  render: Effect.succeed(""),
  contentType: "text/plain; version=0.0.4; charset=utf-8"
}

export const make = (): MetricsShape => {
  const registry = new Registry()
  const registers = [registry]
  const runsStarted = new Counter({ name: "gtplanner_runs_started_total", help: "Runs started.", registers })
  const runsEnded = new Counter({ name: "gtplanner_runs_ended_total", help: "Runs ended, by status.", labelNames: ["status"], registers })
  const activeRuns = new Gauge({ name: "gtplanner_active_runs", help: "Runs in progress.", registers })
  const listeners = new Gauge({ name: "gtplanner_active_listeners", help: "Open event streams.", registers })
  const retained = new Gauge({ name: "gtplanner_retained_runs", help: "Runs whose log is kept for resume.", registers })
  const events = new Counter({ name: "gtplanner_events_emitted_total", help: "Events written to run logs.", registers })
  const eventWrite = new Histogram({
    name: "gtplanner_event_write_seconds",
    help: "Time to write one event to its run log and every listener queue (includes waiting on backpressure).",
    buckets: [0.00001, 0.0001, 0.001, 0.01, 0.1, 1, 10, 30],
    registers
  })
  const llmLatency = new Histogram({
    name: "gtplanner_llm_request_seconds",
    help: "Model requests from send to the end of the streamed reply, by outcome (ok or the error code).",
    labelNames: ["outcome"],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers
  })
  const llmErrors = new Counter({ name: "gtplanner_llm_errors_total", help: "Failed model requests, by code.", labelNames: ["code"], registers })
  const tools = new Histogram({
    name: "gtplanner_tool_execution_seconds",
    help: "Tool executions, by tool name and outcome.",
    labelNames: ["tool", "outcome"],
    buckets: [0.01, 0.1, 1, 5, 15, 60, 300],
    registers
  })
  return {
    runStarted: () => runsStarted.inc(),
    runEnded: (status) => runsEnded.inc({ status }),
    eventWritten: (seconds) => {
      events.inc()
      eventWrite.observe(seconds)
    },
    llmRequest: (seconds, outcome) => {
      llmLatency.observe({ outcome }, seconds)
      if (outcome !== "ok") llmErrors.inc({ code: outcome })
    },
    toolExecuted: (name, outcome, seconds) => tools.observe({ tool: name, outcome }, seconds),
    setActivity: (a) => {
      activeRuns.set(a.activeRuns)
      listeners.set(a.listeners)
      retained.set(a.retainedRuns)
    },
    render: Effect.promise(() => registry.metrics()),
    contentType: registry.contentType
  }
}

export class Metrics extends Context.Reference<Metrics>()("gtplanner/Metrics", { defaultValue: () => noop }) {
  /** A fresh metrics registry for one server. */
  static readonly layer: Layer.Layer<Metrics> = Layer.sync(Metrics, make)
}
