// Mutation testing (npm run test:mutation) of the code that decides who may
// change a connection: which refusals no test notices when removed. Not part
// of `npm test`: a full run is long. Try one file first:
//   npx stryker run --mutate lib/connections/stack-requests/judge-stack.ts
// The report is written to reports/mutation/index.html.

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  packageManager: "npm",
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: {
    // Its globalSetup starts the throwaway PostgreSQL the integration tests use;
    // each of Stryker's test runners gets its own.
    configFile: "vitest.mutation.config.ts",
    // Run only the test files that import the mutated file.
    related: true,
  },
  mutate: ["lib/connections/**/*.ts", "lib/sns/**/*.ts", "lib/cfn/**/*.ts", "!**/*.test.ts"],
  coverageAnalysis: "perTest",
  concurrency: 2,
  // Integration tests talk to PostgreSQL and retry with short sleeps: allow the
  // Vitest test timeout before a mutant counts as an endless loop.
  timeoutMS: 30_000,
  dryRunTimeoutMinutes: 20,
  reporters: ["clear-text", "progress", "html"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  // Not copied into the sandbox: build output and local data.
  ignorePatterns: [".next", ".data", "test-results", "playwright-report", "e2e/.artifacts", "bench/.tmp", "coverage", "reports"],
  tempDirName: ".stryker-tmp",
};

export default config;
