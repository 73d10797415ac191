/**
 * `useChat` without React: the SDK's own `AbstractChat` (the class `useChat` wraps) over an
 * in-memory state, with the stock `DefaultChatTransport` — so the tests exercise the SDK's real
 * submit, stream-processing and resume logic against the server.
 */
import { AbstractChat, type ChatInit, type ChatState, type ChatStatus, DefaultChatTransport, type UIMessage } from "ai"

class MemoryState implements ChatState<UIMessage> {
  status: ChatStatus = "ready"
  error: Error | undefined = undefined
  constructor(public messages: Array<UIMessage>) {}
  pushMessage = (message: UIMessage) => void this.messages.push(message)
  popMessage = () => void this.messages.pop()
  replaceMessage = (index: number, message: UIMessage) => void (this.messages[index] = message)
  snapshot = <T>(thing: T): T => structuredClone(thing)
}

export class TestChat extends AbstractChat<UIMessage> {
  readonly errors: Array<Error> = []
  constructor(baseUrl: string, init: Omit<ChatInit<UIMessage>, "transport"> & { readonly headers?: Record<string, string> } = {}) {
    const { messages = [], headers, ...rest } = init
    const errors: Array<Error> = []
    super({
      ...rest,
      transport: new DefaultChatTransport<UIMessage>({ api: `${baseUrl}/api/chat`, ...(headers ? { headers } : {}) }),
      state: new MemoryState(structuredClone(messages)),
      onError: (error) => void errors.push(error)
    })
    this.errors = errors
  }
}

export const userMessage = (id: string, text: string): UIMessage => ({ id, role: "user", parts: [{ type: "text", text }] })

/** The assistant message's text parts, in order. */
export const textsOf = (message: UIMessage | undefined) => (message?.parts ?? []).flatMap((p) => (p.type === "text" ? [p.text] : []))
