/**
 * Queueing a job wakes the workers at once: the trigger pg-boss's job table
 * gets at start NOTIFYs the queue's name when the job commits.
 */
import { afterAll, describe, expect, it } from "vitest";
import { getBoss, QUEUES, stopBoss } from "./boss";
import { JOB_WAKE_CHANNEL } from "./wake";
import { listen, stopListening } from "@/lib/live/listener";

describe("job wake-ups", () => {
  afterAll(async () => {
    await stopListening();
    await stopBoss({ graceful: false, timeoutMs: 1_000 });
  });

  it("notifies the queue's name when a job is queued, and only after it commits", async () => {
    const boss = await getBoss();
    const heard: string[] = [];
    const stop = await listen(JOB_WAKE_CHANNEL, { onNotify: (queue) => heard.push(queue) });
    const id = await boss.send(QUEUES.maintenance, { probe: true }, { singletonKey: `wake-${crypto.randomUUID()}` });
    const deadline = Date.now() + 3_000;
    while (!heard.includes(QUEUES.maintenance) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    stop();
    expect(heard).toContain(QUEUES.maintenance);
    // What the woken worker fetches is there.
    expect(id && (await boss.getJobById(QUEUES.maintenance, id))?.state).toBe("created");
    if (id) await boss.deleteJob(QUEUES.maintenance, id);
  });
});
