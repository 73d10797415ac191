/**
 * Markdown from the model and from design documents, rendered by marked and sanitised by
 * DOMPurify. Raw HTML in the source is shown as text rather than interpreted: a model that
 * writes `<img onerror=…>` gets its characters displayed, not an element. DOMPurify then removes
 * whatever else could run (`javascript:` links, event attributes) from marked's own output.
 *
 * Mermaid blocks are shown as code (no Mermaid build is bundled: it would multiply the page's
 * size many times over for a test page); they keep a `language-mermaid` class and a label.
 */
import DOMPurify from "dompurify"
import { Marked } from "marked"

const escapeHtml = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;")

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }) => escapeHtml(text)
  }
})

const purifier = DOMPurify(window)
// Links in rendered text open beside the page, and never hand it `window.opener`.
purifier.addHook("afterSanitizeAttributes", (node) => {
  if (node instanceof HTMLAnchorElement && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank")
    node.setAttribute("rel", "noopener noreferrer")
  }
})

/** Sanitised DOM for a markdown text; safe to insert as it is. */
export const renderMarkdown = (source: string): DocumentFragment => {
  const html = marked.parse(source, { async: false })
  return purifier.sanitize(html, { RETURN_DOM_FRAGMENT: true, ADD_ATTR: ["target"] })
}

/** Replaces an element's content with the rendered markdown. */
export const renderInto = (target: Element, source: string): void => {
  target.replaceChildren(renderMarkdown(source))
}
