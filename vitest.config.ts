import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The browser tests load the page's bundle: build it from its sources before any test runs.
    globalSetup: ["test/page/support/build.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The HTTP tests share two cores with the servers they start; keep parallelism modest.
    maxWorkers: 2
  }
})
