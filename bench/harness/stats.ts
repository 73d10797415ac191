/** Small statistics over measurements: percentiles (nearest rank) and medians. */

export interface Summary {
  readonly count: number
  readonly mean: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
}

/** The nearest-rank percentile `p` (0–100) of values already sorted ascending. */
export const percentileOfSorted = (sorted: ReadonlyArray<number>, p: number): number => {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export const summarize = (values: ReadonlyArray<number>): Summary => {
  const sorted = Float64Array.from(values).sort()
  const list = Array.from(sorted)
  let sum = 0
  for (const v of list) sum += v
  return {
    count: list.length,
    mean: sum / list.length,
    p50: percentileOfSorted(list, 50),
    p90: percentileOfSorted(list, 90),
    p99: percentileOfSorted(list, 99),
    max: list.at(-1) ?? Number.NaN
  }
}

/** The median of repeated measurements (the mean of the middle two for an even count). */
export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
