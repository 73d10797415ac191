/**
 * `gtplanner-effect/client/effect`: the typed client for Effect programs. The same client as
 * `gtplanner-effect/client` behind a service, its runs as `Stream`s (interrupting one closes the
 * connection) and its calls as `Effect`s failing with the client's tagged errors.
 *
 * ```ts
 * const program = PlannerClient.stream({ session_id: "s1", dialogue_history: [...] }).pipe(
 *   Stream.runForEach((event) => Console.log(event.event_type)),
 *   Effect.provide(PlannerClient.layer({ baseUrl: "http://127.0.0.1:11211" })))
 * ```
 */
import { Context, Effect, Layer, Stream } from "effect"
import { type ClientOptions, GTPlannerClient } from "./Client.js"
import { type ClientError, isClientError, NetworkError } from "./Errors.js"
import type { RunOptions, RunStream } from "./RunStream.js"
import type { CancelAccepted, ClientEvent, DesignDocument, Health, RunCompletion, RunRequest, SessionSnapshot, StatusReport } from "./Types.js"

const asClientError = (error: unknown): ClientError =>
  isClientError(error) ? error : new NetworkError(error instanceof Error ? error.message : String(error), { cause: error })

const call = <A>(f: (client: GTPlannerClient) => Promise<A>): Effect.Effect<A, ClientError, PlannerClient> =>
  Effect.flatMap(PlannerClient, (client) => Effect.tryPromise({ try: () => f(client), catch: asClientError }))

/** A run's events as a Stream; its scope owns the connection. */
const follow = (open: (signal: AbortSignal) => Promise<RunStream | undefined>): Stream.Stream<ClientEvent, ClientError> =>
  Stream.unwrapScoped(
    Effect.map(
      Effect.acquireRelease(
        Effect.tryPromise({ try: (signal) => open(signal), catch: asClientError }),
        (run) => Effect.sync(() => run?.close())
      ),
      (run) => (run === undefined ? Stream.empty : Stream.fromAsyncIterable(run, asClientError))
    )
  )

export class PlannerClient extends Context.Tag("gtplanner/PlannerClient")<PlannerClient, GTPlannerClient>() {
  static layer(options: ClientOptions): Layer.Layer<PlannerClient> {
    return Layer.sync(PlannerClient, () => new GTPlannerClient(options))
  }

  /** Starts a turn and streams its events, resuming dropped connections. */
  static stream(request: RunRequest, options: Omit<RunOptions, "signal"> = {}): Stream.Stream<ClientEvent, ClientError, PlannerClient> {
    return Stream.unwrap(Effect.map(PlannerClient, (client) => follow((signal) => client.start(request, { ...options, signal }))))
  }

  /** Starts a turn and waits for its outcome (completed, failed or cancelled). */
  static run(request: RunRequest, options: Omit<RunOptions, "signal"> = {}): Effect.Effect<RunCompletion, ClientError, PlannerClient> {
    return Effect.flatMap(PlannerClient, (client) =>
      Effect.acquireUseRelease(
        Effect.tryPromise({ try: (signal) => client.start(request, { ...options, signal }), catch: asClientError }),
        (run) => Effect.tryPromise({ try: () => run.result(), catch: asClientError }),
        (run) => Effect.sync(() => run.close())
      )
    )
  }

  /** Attaches to the session's latest run; an empty stream when there is nothing to follow. */
  static attach(sessionId: string, options: Omit<RunOptions, "signal"> & { readonly after?: number } = {}): Stream.Stream<ClientEvent, ClientError, PlannerClient> {
    return Stream.unwrap(Effect.map(PlannerClient, (client) => follow((signal) => client.attach(sessionId, { ...options, signal }))))
  }

  static cancel(sessionId: string): Effect.Effect<CancelAccepted | undefined, ClientError, PlannerClient> {
    return call((client) => client.cancel(sessionId))
  }

  static snapshot(sessionId: string): Effect.Effect<SessionSnapshot, ClientError, PlannerClient> {
    return call((client) => client.snapshot(sessionId))
  }

  static document(sessionId: string, filename: string): Effect.Effect<DesignDocument, ClientError, PlannerClient> {
    return call((client) => client.document(sessionId, filename))
  }

  static health(): Effect.Effect<Health, ClientError, PlannerClient> {
    return call((client) => client.health())
  }

  static status(): Effect.Effect<StatusReport, ClientError, PlannerClient> {
    return call((client) => client.status())
  }
}

export type { ClientError } from "./Errors.js"
