import { EventEmitter } from "node:events";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { drainJobs, installShutdownHandlers, isShuttingDown, type SignalTarget } from "./shutdown";

let uninstall: (() => void) | undefined;
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
});
afterAll(() => db.$disconnect());

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

function fakeProcess() {
  const emitter = new EventEmitter();
  return { emitter, target: emitter as unknown as SignalTarget };
}

describe("signal handling", () => {
  it("drains first, then hands the signal to the earlier handler (Next's server cleanup)", async () => {
    const { emitter, target } = fakeProcess();
    const order: string[] = [];
    emitter.on("SIGTERM", (signal: string) => order.push(`next-cleanup:${signal}`));
    let finishDrain!: () => void;
    const drain = () => new Promise<void>((resolve) => (finishDrain = () => (order.push("drained"), resolve())));
    const exits: number[] = [];
    uninstall = installShutdownHandlers({ target, drain, exit: (code) => void exits.push(code) });

    expect(isShuttingDown()).toBe(false);
    emitter.emit("SIGTERM", "SIGTERM");
    await tick();
    expect(isShuttingDown()).toBe(true); // readiness is off while jobs drain
    expect(order).toEqual([]); // Next's cleanup (which exits) has not run yet
    finishDrain();
    await tick();
    expect(order).toEqual(["drained", "next-cleanup:SIGTERM"]);
    expect(exits).toEqual([]);
  });

  it("exits 0 after draining when nobody else handles the signal", async () => {
    const { emitter, target } = fakeProcess();
    const exits: number[] = [];
    uninstall = installShutdownHandlers({ target, drain: async () => {}, exit: (code) => void exits.push(code) });
    emitter.emit("SIGINT", "SIGINT");
    await tick();
    expect(exits).toEqual([0]);
  });

  it("a second signal exits at once; a drain past its deadline does not hold the process", async () => {
    const { emitter, target } = fakeProcess();
    const exits: number[] = [];
    uninstall = installShutdownHandlers({
      target,
      timeoutMs: 20,
      drain: () => new Promise(() => {}),
      exit: (code) => void exits.push(code),
    });
    emitter.emit("SIGTERM", "SIGTERM");
    emitter.emit("SIGTERM", "SIGTERM");
    expect(exits).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(exits).toEqual([1, 0]);
  });
});

describe("draining jobs (pg-boss on the test database)", () => {
  it("lets a job that is running finish before returning", async () => {
    const boss = await getBoss();
    const queue = "shutdown-test";
    await boss.createQueue(queue);
    let entered!: () => void;
    const running = new Promise<void>((resolve) => (entered = resolve));
    let finished = false;
    await boss.work(queue, { pollingIntervalSeconds: 0.5 }, async () => {
      entered();
      await new Promise((resolve) => setTimeout(resolve, 700));
      finished = true;
    });
    const jobId = await boss.send(queue, {});
    await running;

    await drainJobs(5_000);
    expect(finished).toBe(true);
    const [row] = await db.$queryRaw<Array<{ state: string }>>`SELECT state::text FROM pgboss.job WHERE id = ${jobId}::uuid`;
    expect(row?.state).toBe("completed");
  });
});
