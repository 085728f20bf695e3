import { describe, expect, it } from "vitest";
import { fleetJobSchema, intervalCron } from "./fleet-jobs";

describe("fleet schedule", () => {
  it.each([
    [1, "0 * * * *"],
    [6, "0 */6 * * *"],
    [24, "0 0 * * *"],
    [72, "0 0 */3 * *"],
  ])("every %i hours is %j", (hours, cron) => expect(intervalCron(hours)).toBe(cron));

  it("validates job data from the queue", () => {
    expect(fleetJobSchema.parse({})).toEqual({ trigger: "schedule" });
    expect(fleetJobSchema.safeParse({ by: { id: "not-a-uuid", email: "x" } }).success).toBe(false);
  });
});
