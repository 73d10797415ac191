/**
 * Markdown handling the design tool does itself: the system's name, a document's headings (for
 * the short summary the orchestrator reads), and assembling the complete design from the stages.
 */

/** The system's name: the plan's first heading, else the start of the requirements. */
export const systemName = (plan: string, requirements: string): string => {
  const heading = plan.match(/^#{1,3}\s+(.+?)\s*#*\s*$/m)?.[1]
  if (heading) return heading.replaceAll(/[*_`]/g, "").trim()
  const first = requirements.split(/[\n.。!?！？]/)[0]?.trim() ?? ""
  return first.length > 80 ? `${first.slice(0, 77)}…` : first
}

/** The level-1 and level-2 headings of a markdown document (outside code fences), at most `max`. */
export const headingsOf = (markdown: string, max = 20): ReadonlyArray<string> => {
  const out: Array<string> = []
  let fenced = false
  for (const line of markdown.split("\n")) {
    if (line.trimStart().startsWith("```")) fenced = !fenced
    else if (!fenced && /^#{1,2}\s/.test(line)) out.push(line.replace(/^#+\s*/, "").trim())
    if (out.length >= max) break
  }
  return out
}

/** Every heading one level deeper (outside code fences), so a document can become a chapter. */
export const demoteHeadings = (markdown: string): string => {
  let fenced = false
  return markdown
    .split("\n")
    .map((line) => {
      if (line.trimStart().startsWith("```")) fenced = !fenced
      return !fenced && /^#{1,5}\s/.test(line) ? `#${line}` : line
    })
    .join("\n")
}

/**
 * The document the model wrote, without a fence around the whole of it (```markdown … ```) and
 * ending with one newline; empty when the model wrote nothing.
 */
export const unwrapDocument = (text: string): string => {
  const trimmed = text.trim()
  const inner = (trimmed.match(/^```(?:markdown|md)?\n([\s\S]*)\n```$/)?.[1] ?? trimmed).trim()
  return inner === "" ? "" : `${inner}\n`
}

export interface Chapter {
  readonly title: string
  readonly content: string
}

/** The complete design: title, contents, each stage's document as a chapter, then the closing part. */
export const assembleComplete = (options: {
  readonly title: string
  readonly note: string
  readonly contentsHeading: string
  readonly chapters: ReadonlyArray<Chapter>
  readonly closing: string
}): string => {
  const contents = options.chapters.map((c, i) => `${i + 1}. ${c.title}`).join("\n")
  const body = options.chapters.map((c) => demoteHeadings(c.content.trim())).join("\n\n")
  return `# ${options.title}\n\n> ${options.note}\n\n## ${options.contentsHeading}\n\n${contents}\n\n${body}\n\n${options.closing.trim()}\n`
}
