/**
 * `Effect.acquireRelease` and `Effect.addFinalizer` for releases that are plain state changes:
 * the release is registered on the scope as it is.
 *
 * Why not Effect's own: those snapshot the acquiring fiber's FiberRefs and, when the scope
 * closes, diff them against the closing fiber's and patch them in and out again around the
 * release, so that the release sees the acquire-time context. On a request's path the context
 * has always changed by then (the request, its route, its span), and each such release copied
 * and diffed the whole context twice — with four of them per run, about 15 % of all the memory a
 * run's start allocated (measured with the sampling heap profiler). The releases here read no
 * FiberRef (no services, no log annotations), so they have nothing to restore.
 */
import { Effect, type Exit, Scope } from "effect"

/** Like `Effect.acquireRelease`: `acquire` uninterruptibly, `release` when the scope closes. */
export const acquireReleasePlain = <A, E, R>(
  acquire: Effect.Effect<A, E, R>,
  release: (a: A, exit: Exit.Exit<unknown, unknown>) => Effect.Effect<unknown>
): Effect.Effect<A, E, R | Scope.Scope> =>
  Effect.uninterruptible(
    Effect.tap(acquire, (a) => Effect.flatMap(Effect.scope, (scope) => Scope.addFinalizerExit(scope, (exit) => release(a, exit))))
  )

/** Like `Effect.addFinalizer`, for a finalizer that reads no FiberRef. */
export const addFinalizerPlain = (finalizer: (exit: Exit.Exit<unknown, unknown>) => Effect.Effect<unknown>): Effect.Effect<void, never, Scope.Scope> =>
  Effect.flatMap(Effect.scope, (scope) => Scope.addFinalizerExit(scope, finalizer))

/**
 * Like `Effect.scoped(Effect.flatMap(open, use))`, with fewer frames kept on the fiber while `use`
 * runs: `open` acquires into a scope of its own, `use` runs outside the scope's service (in tail
 * position), and the scope closes when `use` ends, whichever way. With `Effect.scoped` the frames
 * of `acquireUseRelease` and of providing the `Scope` service stay on the fiber for as long as
 * `use` runs — for a run or a model reply, as long as its stream is open; here they are the three
 * of one `onExit`. An interruption between making the scope and entering `onExit` leaves an empty
 * scope behind, with nothing in it to release.
 */
export const openScoped = <A, E, R, B, E2, R2>(
  open: Effect.Effect<A, E, R>,
  use: (a: A) => Effect.Effect<B, E2, R2>
): Effect.Effect<B, E | E2, Exclude<R, Scope.Scope> | R2> =>
  Effect.flatMap(Scope.make(), (scope) => Effect.onExit(Effect.flatMap(Scope.extend(open, scope), use), (exit) => Scope.close(scope, exit)))
