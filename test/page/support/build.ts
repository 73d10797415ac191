/** Vitest global setup: the page's bundle, built fresh from `static-src/` for this run. */
import { buildPage } from "../../../scripts/build-page.js"

export const setup = async (): Promise<void> => {
  await buildPage()
}
