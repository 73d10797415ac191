/**
 * How runs are laid out in Redis. Per run: a stream of its events whose entry ids are the
 * events' own ids (`<id>-0`, so a resume cursor is a stream position), a hash of facts for
 * snapshots, and a hash of its design documents. Per session: the latest run's id, and the lease
 * that makes it busy while an instance runs it.
 */
export interface RedisKeys {
  readonly events: (runId: string) => string
  readonly meta: (runId: string) => string
  readonly docs: (runId: string) => string
  /** Held (with an expiry) by whoever recovers a run whose instance was lost. */
  readonly recovery: (runId: string) => string
  readonly sessionRun: (sessionId: string) => string
  readonly lease: (sessionId: string) => string
  /** Pub/sub channel of cancel requests (messages are run ids). */
  readonly cancelChannel: string
}

export const redisKeys = (prefix: string): RedisKeys => ({
  events: (runId) => `${prefix}:run:${runId}:events`,
  meta: (runId) => `${prefix}:run:${runId}:meta`,
  docs: (runId) => `${prefix}:run:${runId}:docs`,
  recovery: (runId) => `${prefix}:run:${runId}:recovery`,
  sessionRun: (sessionId) => `${prefix}:session:${sessionId}:run`,
  lease: (sessionId) => `${prefix}:session:${sessionId}:lease`,
  cancelChannel: `${prefix}:cancel`
})

/** The stream entry id of event `id`. */
export const entryId = (id: number): string => `${id}-0`

/** The event id of a stream entry id. */
export const eventIdOf = (entry: string): number => Number(entry.slice(0, entry.indexOf("-")))

/** Field pairs of an entry: `t` the event type, `d` the envelope's JSON. */
export const fieldsOf = (fields: ReadonlyArray<string>): { readonly type: string; readonly json: string } => {
  let type = ""
  let json = ""
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === "t") type = fields[i + 1]!
    else if (fields[i] === "d") json = fields[i + 1]!
  }
  return { type, json }
}

/** Atomically extend the lease only while it still belongs to this run. */
export const RENEW_LEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`

/** Atomically give the lease back only if it still belongs to this run. */
export const RELEASE_LEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`
