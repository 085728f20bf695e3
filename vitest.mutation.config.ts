/**
 * Vitest for mutation testing (stryker.config.mjs): the tests under lib/,
 * unit and integration, without the end-to-end suites in app/ and test/hostile
 * (each starts the whole sandbox and takes tens of seconds, so thousands of
 * mutants would take hours). `npm test` still runs everything.
 */
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

export default defineConfig({ ...base, test: { ...base.test, include: ["lib/**/*.test.ts"] } });
