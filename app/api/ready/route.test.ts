/** /api/ready against the test PostgreSQL: what a load balancer's readiness probe would see. */
import { EventEmitter } from "node:events";
import { createServer } from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { installShutdownHandlers, type SignalTarget } from "@/lib/server/shutdown";
import { GET } from "./route";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

const probe = (headers: Record<string, string> = {}) => GET(new Request("http://localhost/api/ready", { headers }));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  // Starting pg-boss once installs its schema, as the first worker or web process does in production.
  await getBoss();
  await stopBoss({ graceful: false, timeoutMs: 1_000 });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("GET /api/ready", () => {
  it("200 when the database answers and the job queue is installed, with each check", async () => {
    const response = await probe();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(await response.json()).toEqual({
      status: "ready",
      checks: {
        database: { status: "ok", latencyMs: expect.any(Number) },
        queue: { status: "ok", latencyMs: expect.any(Number), schemaVersion: 24 },
      },
    });
  });

  it("echoes a sane x-request-id, or gives the response a new one", async () => {
    expect((await probe({ "x-request-id": "lb-req-0001" })).headers.get("x-request-id")).toBe("lb-req-0001");
    expect((await probe({ "x-request-id": "bad\tid" })).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("503 when the job queue's schema is missing, though the database answers", async () => {
    await db.$executeRawUnsafe("ALTER SCHEMA pgboss RENAME TO pgboss_hidden_by_test");
    try {
      const response = await probe();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: "not_ready",
        checks: { database: { status: "ok", latencyMs: expect.any(Number) }, queue: { status: "not_installed" } },
      });
    } finally {
      await db.$executeRawUnsafe("ALTER SCHEMA pgboss_hidden_by_test RENAME TO pgboss");
    }
    expect((await probe()).status).toBe(200);
  });

  it("503 when the database does not answer, naming both checks, without internal error text", async () => {
    const real = globalForPrisma.prisma;
    const dead = new PrismaClient({
      adapter: new PrismaPg({ connectionString: `postgresql://nobody@127.0.0.1:${await closedPort()}/none` }),
    });
    globalForPrisma.prisma = dead;
    try {
      const response = await probe();
      expect(response.status).toBe(503);
      const body = await response.text();
      expect(JSON.parse(body)).toEqual({
        status: "not_ready",
        checks: { database: { status: "unreachable" }, queue: { status: "unreachable" } },
      });
      expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|nobody/);
    } finally {
      globalForPrisma.prisma = real;
      await dead.$disconnect().catch(() => {});
    }
  });

  it("503 shutting_down from the moment a SIGTERM arrives, while jobs drain", async () => {
    const signals = new EventEmitter();
    const uninstall = installShutdownHandlers({
      target: signals as unknown as SignalTarget,
      drain: () => new Promise(() => {}),
      exit: () => {},
    });
    try {
      signals.emit("SIGTERM", "SIGTERM");
      const response = await probe();
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        status: "shutting_down",
        checks: { database: { status: "ok" }, queue: { status: "ok" } },
      });
    } finally {
      uninstall();
    }
    expect((await probe()).status).toBe(200);
  });
});
