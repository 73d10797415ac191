/**
 * The design documents of the session: a list (newest version of each filename), a preview
 * rendered as markdown (JSON documents as text), and downloads made in the browser from the
 * content the page holds — one file, or all of them zipped by fflate — so a document from an
 * earlier turn downloads as well as one from the latest run. Copy goes to the clipboard.
 */
import { strToU8, zipSync } from "fflate"
import { byId, el, saveFile } from "./dom.js"
import type { I18n } from "./i18n.js"
import { renderInto } from "./markdown.js"
import type { DesignDocument } from "./wire.js"

const mimeOf = (doc: DesignDocument) => (doc.format === "json" ? "application/json;charset=utf-8" : "text/markdown;charset=utf-8")

export class DocumentsPanel {
  private readonly documents = new Map<string, DesignDocument>()
  private readonly list = byId<HTMLUListElement>("documents-list")
  private readonly empty = byId("documents-empty")
  private readonly downloadAll = byId<HTMLButtonElement>("documents-download-all")
  private readonly preview = byId("document-preview")
  private readonly previewTitle = byId("document-preview-title")
  private readonly previewBody = byId("document-preview-body")
  private readonly notice = byId("documents-notice")
  private previewing: string | null = null

  constructor(
    private readonly i18n: I18n,
    private readonly sessionId: () => string
  ) {
    this.downloadAll.addEventListener("click", () => this.saveAll())
    byId("document-preview-close").addEventListener("click", () => this.closePreview())
    this.render()
  }

  /** Replaces the whole set (a loaded or new session). */
  reset(documents: ReadonlyArray<DesignDocument>): void {
    this.documents.clear()
    for (const doc of documents) this.documents.set(doc.filename, doc)
    this.closePreview()
    this.render()
  }

  /** A document arrived: new, or a newer version of one already listed. */
  add(doc: DesignDocument): void {
    this.documents.set(doc.filename, doc)
    this.render()
    if (this.previewing === doc.filename) this.show(doc)
  }

  private render(): void {
    this.empty.hidden = this.documents.size > 0
    this.downloadAll.disabled = this.documents.size === 0
    this.list.replaceChildren(
      ...[...this.documents.values()].map((doc) => {
        const button = (key: "preview" | "download" | "copy", action: () => void) => {
          // The visible word is short; the accessible name also says which document it acts on.
          const node = el("button", { type: "button", class: `doc-${key}` }, this.i18n.label(key, "span"), el("span", { class: "visually-hidden" }, ` ${doc.filename}`))
          node.addEventListener("click", action)
          return node
        }
        return el(
          "li",
          { class: "document", "data-filename": doc.filename },
          el("span", { class: "doc-name" }, doc.filename),
          el("span", { class: "doc-size" }, `${new Blob([doc.content]).size.toLocaleString()} B`),
          el(
            "span",
            { class: "doc-actions" },
            button("preview", () => this.show(doc)),
            button("download", () => saveFile(doc.filename, doc.content, mimeOf(doc))),
            button("copy", () => void this.copy(doc))
          )
        )
      })
    )
  }

  private show(doc: DesignDocument): void {
    this.previewing = doc.filename
    this.preview.hidden = false
    this.previewTitle.textContent = doc.filename
    if (doc.format === "markdown") renderInto(this.previewBody, doc.content)
    else this.previewBody.replaceChildren(el("pre", {}, doc.content))
    this.preview.focus()
  }

  private closePreview(): void {
    this.previewing = null
    this.preview.hidden = true
    this.previewBody.replaceChildren()
  }

  private saveAll(): void {
    const files = Object.fromEntries([...this.documents.values()].map((doc) => [doc.filename, strToU8(doc.content)]))
    saveFile(`gtplanner-${this.sessionId()}-documents.zip`, zipSync(files), "application/zip")
  }

  private async copy(doc: DesignDocument): Promise<void> {
    try {
      await navigator.clipboard.writeText(doc.content)
      this.say("copied")
    } catch {
      this.say("copyFailed")
    }
  }

  private say(key: "copied" | "copyFailed"): void {
    this.notice.replaceChildren(this.i18n.label(key, "span"))
  }
}
