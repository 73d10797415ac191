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
