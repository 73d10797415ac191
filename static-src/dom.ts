/**
 * The one way this page builds elements: text always goes in as `textContent`, never as HTML.
 * Markup from the stream exists only as sanitised markdown (see `markdown.ts`).
 */
type Attrs = Readonly<Record<string, string | boolean | undefined>>
type Child = Node | string | null | undefined | false

/** `el("span", { class: "x" }, "text", otherNode)`. `true` sets an empty attribute, false/undefined omits it. */
export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: ReadonlyArray<Child>): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue
    node.setAttribute(name, value === true ? "" : value)
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    node.append(typeof child === "string" ? document.createTextNode(child) : child)
  }
  return node
}

/** The element with this id; the page's markup is fixed, so a missing one is a bug worth a loud error. */
export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const node = document.getElementById(id)
  if (!node) throw new Error(`missing #${id} in index.html`)
  return node as T
}

/** Pretty JSON for display (arguments, results, log entries). */
export const json = (value: unknown): string => {
  if (typeof value === "string") return value
  try {
    return JSON.stringify(value, null, 2) ?? String(value)
  } catch {
    return String(value)
  }
}

/** Saves text as a file through a Blob URL: works for any document the page holds, whatever run it came from. */
export const saveFile = (filename: string, data: BlobPart, type: string): void => {
  const url = URL.createObjectURL(new Blob([data], { type }))
  const link = el("a", { href: url, download: filename, hidden: true })
  document.body.append(link)
  link.click()
  link.remove()
  // Some browsers read the Blob after click() returns; free it once the download surely has it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
