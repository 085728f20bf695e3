import { describe, expect, it } from "vitest";
import { BusyError, createGate } from "./gate";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("concurrency gate", () => {
  it("never runs more than the limit at once, and queues the rest in order", async () => {
    const gate = createGate({ concurrency: 2, maxQueue: 10, maxWaitMs: 5_000 });
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        gate.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(10);
          order.push(i);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toHaveLength(8);
    expect(gate.stats()).toEqual({ active: 0, queued: 0 });
  });

  it("refuses work past the queue at once with a Retry-After", async () => {
    const gate = createGate({ concurrency: 1, maxQueue: 2, maxWaitMs: 2_000 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => gate.run(() => sleep(20))));
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(BusyError);
      expect((r.reason as BusyError).retryAfterSeconds).toBe(2);
    }
  });

  it("gives up on work that waited too long, and frees its place", async () => {
    const gate = createGate({ concurrency: 1, maxQueue: 5, maxWaitMs: 30 });
    const slow = gate.run(() => sleep(100));
    await expect(gate.run(async () => "late")).rejects.toBeInstanceOf(BusyError);
    expect(gate.stats().queued).toBe(0);
    await slow;
    await expect(gate.run(async () => "now")).resolves.toBe("now");
  });

  it("releases its slot when the work throws", async () => {
    const gate = createGate({ concurrency: 1, maxQueue: 0, maxWaitMs: 10 });
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(async () => 1)).resolves.toBe(1);
  });
});
