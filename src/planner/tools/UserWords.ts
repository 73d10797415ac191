/** What the user said so far in the conversation: the context a tool gives the model when it has no plan. */
import { type Message, messageText } from "../../domain/Message.js"

/** The user's messages, oldest first, at most `maxChars` of the most recent text. */
export const userWords = (history: ReadonlyArray<Message>, maxChars = 4000): string => {
  const text = history
    .filter((m) => m.role === "user")
    .map(messageText)
    .join("\n\n")
  return text.length > maxChars ? text.slice(text.length - maxChars) : text
}
