/** The results as Markdown tables: one per scenario (server, baseline, ratio), then the targets. */
import { median } from "./stats.js"
import type { ScenarioResult } from "./runner.js"
import { DEFAULT_SIDES, type FigureSpec, type Scenario } from "./scenario.js"

const format = (value: number | undefined, digits: number): string =>
  value === undefined || Number.isNaN(value) ? "–" : value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const ratio = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? "–" : value >= 100 ? `${value.toFixed(0)}×` : `${value.toFixed(2)}×`

const labelOf = (f: FigureSpec) => (f.unit === "" ? f.label : `${f.label} (${f.unit})`)

export const scenarioTable = (scenario: Scenario, result: ScenarioResult): string => {
  const { server, baseline } = scenario.sides ?? DEFAULT_SIDES
  const lines = [
    `### ${result.title}: ${result.description}`,
    "",
    `| figure | ${server.label} | ${baseline.label} | ${server.label} ÷ ${baseline.label} |`,
    "|---|--:|--:|--:|",
    ...scenario.figures.map((f) =>
      f.key === "failures"
        ? `| ${labelOf(f)}, all repeats | ${result.failures.server} | ${result.failures.baseline} | |`
        : `| ${labelOf(f)} | ${format(result.medians.server[f.key], f.digits)} | ${format(result.medians.baseline[f.key], f.digits)} | ${ratio(result.ratios[f.key])} |`
    ),
    "",
    `Medians of ${result.runs.length / 2} repeats. ${loadLine(result)}`
  ]
  return lines.join("\n")
}

const loadLine = (result: ScenarioResult): string => {
  const other = result.runs.map((r) => r.window.otherCores)
  return `Other load on the machine during the runs: median ${median(other).toFixed(2)}, max ${Math.max(...other).toFixed(2)} busy cores (of 2).`
}

export const targetsTable = (results: ReadonlyArray<ScenarioResult>): string =>
  [
    "| target | measured (server vs baseline, medians) | |",
    "|---|---|---|",
    ...results.flatMap((r) => r.targets.map((t) => `| ${r.title}: ${t.name} | ${t.measured} | **${t.met ? "met" : "missed"}** |`))
  ].join("\n")
