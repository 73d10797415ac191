/** The demo model's words in each of the five languages. */
import type { DemoBook } from "./DemoPhrases.js"
import { en } from "./en.js"
import { es } from "./es.js"
import { fr } from "./fr.js"
import { ja } from "./ja.js"
import { zh } from "./zh.js"

export const demoPhrases: DemoBook = { en, zh, ja, es, fr }
