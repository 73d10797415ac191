/** Who this server is, as told in `connection` events and `/health`. */
export const SERVICE_NAME = "gtplanner"

/** Kept equal to package.json's version (a test checks it). */
export const VERSION = "0.1.0"

/** What this server does beyond the original protocol, announced in every `connection` event. */
export const FEATURES: ReadonlyArray<string> = [
  "event_ids",
  "resume",
  "multiple_listeners",
  "cancel",
  "on_disconnect",
  "heartbeat",
  "backpressure",
  "buffer_events",
  "include_metadata",
  "snapshots",
  "document_downloads"
]

/** Which process answers: the pid, and the worker index under `--workers` (null otherwise). */
export const instanceInfo = (): { readonly pid: number; readonly worker: number | null } => {
  const index = process.env["GTPLANNER_WORKER_INDEX"]
  return { pid: process.pid, worker: index === undefined ? null : Number(index) }
}
