/**
 * A strict check of the Mermaid flowcharts the planner writes: a `flowchart` header with a
 * direction, then statements made of nodes (`A`, `A["label"]`, `A{"label"}`) joined by arrows
 * (`-->`, optionally `-->|"label"|`). Stricter than Mermaid itself, so what passes here renders.
 */
const NODE = String.raw`[A-Za-z][A-Za-z0-9_]*(?:\["[^"\n]*"\]|\{"[^"\n]*"\}|\("[^"\n]*"\))?`
const EDGE = String.raw`\s*-->(?:\|"[^"\n]*"\|)?\s*`
const STATEMENT = new RegExp(`^\\s*${NODE}(?:${EDGE}${NODE})*\\s*;?$`)

export const mermaidBlocks = (markdown: string): Array<string> => [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!)

/** Problems found in one flowchart (empty when it is valid). */
export const flowchartProblems = (chart: string): Array<string> => {
  const lines = chart.split("\n").filter((l) => l.trim() !== "")
  const problems: Array<string> = []
  if (!/^flowchart (TD|TB|BT|LR|RL)\s*$/.test(lines[0] ?? "")) problems.push(`bad header: ${lines[0]}`)
  for (const line of lines.slice(1)) if (!STATEMENT.test(line)) problems.push(`bad statement: ${line}`)
  return problems
}
