/**
 * How a benchmark request tells the scripted model what to say: the user message
 * `bench tokens=<n> tps=<r>`. Both relays pass it through to the model unchanged.
 */

export interface BenchReplySpec {
  readonly tokens: number
  /** Tokens per second; 0 = as fast as the model can emit (it still honours TCP backpressure). */
  readonly tps: number
}

export const benchPrompt = (spec: BenchReplySpec): string => `bench tokens=${spec.tokens} tps=${spec.tps}`

/** The spec in a user message, or undefined when it is not a bench prompt. */
export const parseBenchPrompt = (text: string): BenchReplySpec | undefined => {
  const tokens = /tokens=(\d+)/.exec(text)?.[1]
  const tps = /tps=(\d+(?:\.\d+)?)/.exec(text)?.[1]
  return tokens === undefined ? undefined : { tokens: Number(tokens), tps: Number(tps ?? "0") }
}

/** A stamped token's text is `t<n>@<epoch ms> `: its index and when the model emitted it. */
export const STAMP = /t(\d+)@(\d+) /g
