/**
 * The tools the planner offers the model. The four planning tools register here; embedders and
 * tests register their own (`ToolRegistry.layer([...])`, `ToolRegistry.extend`).
 */
import { Context, Effect, Layer } from "effect"
import type { Tool } from "./Tool.js"

export interface ToolRegistryShape {
  readonly tools: ReadonlyArray<Tool>
  readonly get: (name: string) => Tool | undefined
}

export const makeRegistry = (tools: ReadonlyArray<Tool>): ToolRegistryShape => {
  const byName = new Map<string, Tool>()
  for (const tool of tools) {
    if (byName.has(tool.definition.name)) throw new Error(`two tools are named "${tool.definition.name}"`)
    byName.set(tool.definition.name, tool)
  }
  return { tools: [...byName.values()], get: (name) => byName.get(name) }
}

export class ToolRegistry extends Context.Tag("gtplanner/ToolRegistry")<ToolRegistry, ToolRegistryShape>() {
  /** A registry holding exactly these tools. */
  static layer(tools: ReadonlyArray<Tool>): Layer.Layer<ToolRegistry> {
    return Layer.sync(ToolRegistry, () => makeRegistry(tools))
  }

  /** Adds tools to the registry provided below this layer. */
  static extend(tools: ReadonlyArray<Tool>): Layer.Layer<ToolRegistry, never, ToolRegistry> {
    return Layer.effect(
      ToolRegistry,
      Effect.map(ToolRegistry, (base) => makeRegistry([...base.tools, ...tools]))
    )
  }
}
