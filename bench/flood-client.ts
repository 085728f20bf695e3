/**
 * The sign-in flood of the attack benchmark, in a process of its own. The
 * probes (health, SNS) time their requests in the bench process: sharing an
 * event loop with 100 busy sign-in loops, they measured that loop's delays as
 * much as the server's. Waits for { appUrl, realEmail, durationMs }, floods
 * until the time is up, and answers with every attempt.
 */
import { randomBytes } from "node:crypto";
import { announce } from "./support/children";
import { randomEmail, signInAttempt, type Attempt } from "./support/sign-in-flood";

export interface FloodOrder {
  appUrl: string;
  realEmail: string;
  durationMs: number;
  workers: number;
  guessers: number;
}

export interface FloodReport {
  random: Attempt[];
  guesses: Attempt[];
}

async function flood(order: FloodOrder): Promise<FloodReport> {
  const until = performance.now() + order.durationMs;
  const report: FloodReport = { random: [], guesses: [] };
  await Promise.all(
    Array.from({ length: order.workers }, async (_, i) => {
      while (performance.now() < until) {
        if (i < order.guessers)
          report.guesses.push(await signInAttempt(order.appUrl, order.realEmail, `guess-${randomBytes(6).toString("hex")}`));
        else report.random.push(await signInAttempt(order.appUrl, randomEmail(), "correct horse battery staple"));
      }
    }),
  );
  return report;
}

process.on("message", (message: unknown) => {
  const order = (message as { flood?: FloodOrder }).flood;
  if (order) void flood(order).then((report) => process.send?.({ report }));
});
announce(0);
