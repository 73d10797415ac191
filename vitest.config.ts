import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The HTTP tests share two cores with the servers they start; keep parallelism modest.
    maxWorkers: 2
  }
})
