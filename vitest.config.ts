import path from "node:path";
import { defineConfig } from "vitest/config";
import { testEnv } from "./test/env";
import { TEST_WORKERS } from "./test/worker-databases";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests run in plain Node.
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".data/**", ".stryker-tmp/**", "reports/**"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/worker-database-setup.ts"],
    env: testEnv,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files run in parallel, each worker on its own clone of the migrated database.
    maxWorkers: TEST_WORKERS,
  },
});
