/**
 * A multi-turn conversation on the client side, which is where spec 01 keeps its state: the
 * history (each turn's user message and `new_messages`) and the `tool_execution_results` (merged
 * with each turn's updates), sent in full with every turn.
 *
 * A turn that added no messages — cancelled, or failed before the model said anything — leaves
 * the state as it was, so the same message can simply be sent again.
 */
import type { GTPlannerClient } from "./Client.js"
import type { RunOptions, RunStream } from "./RunStream.js"
import { mergeToolExecutionResults } from "./State.js"
import type { Message, RunCompletion, RunRequest } from "./Types.js"

export interface ConversationInit {
  readonly session_id: string
  /** Earlier messages, when continuing a stored conversation. */
  readonly dialogue_history?: ReadonlyArray<Message>
  readonly tool_execution_results?: Readonly<Record<string, unknown>>
  /** Request options sent with every turn (`language`, `include_metadata`, `heartbeat_interval`, …). */
  readonly options?: Omit<RunRequest, "session_id" | "dialogue_history" | "tool_execution_results">
}

export class Conversation {
  readonly sessionId: string
  private messages: Array<Message>
  private results: Record<string, unknown>
  private current: RunStream | undefined

  constructor(
    private readonly client: GTPlannerClient,
    private readonly init: ConversationInit
  ) {
    this.sessionId = init.session_id
    this.messages = [...(init.dialogue_history ?? [])]
    this.results = { ...init.tool_execution_results }
  }

  /** The history sent with the next turn. */
  get history(): ReadonlyArray<Message> {
    return this.messages
  }

  /** The `tool_execution_results` sent with the next turn. */
  get toolExecutionResults(): Readonly<Record<string, unknown>> {
    return this.results
  }

  /**
   * Sends the user's next message and starts the turn; the state is updated when the turn's
   * `complete` event arrives, however the returned stream is consumed. One turn at a time.
   */
  async send(message: string | Message, options: RunOptions = {}): Promise<RunStream> {
    if (this.current !== undefined && this.current.completion === undefined) {
      throw new Error(`Conversation ${this.sessionId} is still waiting for its previous turn to end.`)
    }
    const user: Message = typeof message === "string" ? { role: "user", content: message, timestamp: new Date().toISOString() } : message
    const run = await this.client.start(
      {
        ...this.init.options,
        session_id: this.sessionId,
        dialogue_history: [...this.messages, user],
        tool_execution_results: this.results
      },
      options
    )
    this.current = run
    run.on("complete", (completion) => this.apply(user, completion))
    return run
  }

  private apply(user: Message, completion: RunCompletion): void {
    const { result } = completion
    if (completion.status !== "completed" && result.new_messages.length === 0) return
    this.messages = [...this.messages, user, ...result.new_messages]
    this.results = mergeToolExecutionResults(this.results, result.tool_execution_results_updates)
  }
}
