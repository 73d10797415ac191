import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Before any test: dist/main.js for the tests that spawn the server command, and the page's
    // bundle for the browser tests.
    globalSetup: ["test/globalSetup.ts", "test/page/support/build.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The HTTP tests share two cores with the servers they start; keep parallelism modest.
    maxWorkers: 2
  }
})
