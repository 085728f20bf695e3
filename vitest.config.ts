import path from "node:path";
import { defineConfig } from "vitest/config";
import { testEnv } from "./test/env";

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
    env: testEnv,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one database: run files one at a time.
    fileParallelism: false,
  },
});
