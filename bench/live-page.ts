/**
 * The customer's connect page in a real browser (playwright-core + Debian's
 * Chromium) while the sandbox's stack runs: when does the page *paint*
 * "Connected", measured from CloudFormation's completion (the sandbox's
 * CREATE_COMPLETE event, written when rolelink's response arrives) and from the
 * commit of the connected status; and which steps were painted on the way.
 * The page records, in an animation frame, the progress message on screen.
 */
import { chromium, type Browser } from "playwright-core";
import { z } from "zod";
import { db } from "@/lib/db";
import type { getEnv } from "@/lib/env";
import { launchDetails } from "@/lib/connections/launch";
import { startConnection } from "@/lib/connections/start-connection";
import { sleep } from "./support/budget";

const LOGICAL_ID = "PhoneHome";
/** What the stepper says at each step (lib/connections/progress.ts). */
export const STEP_TEXTS = {
  waiting: "Waiting for you to create the stack",
  stackSeen: "Your stack is running",
  verifying: "Role received",
  connected: "Connected.",
} as const;

const stackSchema = z.object({
  stackId: z.string(),
  status: z.string(),
  events: z.array(z.object({ timestamp: z.string(), logicalResourceId: z.string(), status: z.string() })),
});

export interface LiveSample {
  accountId: string;
  /** Painted "Connected" − CREATE_COMPLETE (negative: the page knew before CloudFormation did). */
  afterCfnCompleteMs: number;
  /** Painted "Connected" − connected_at committed: the push itself. */
  afterCommitMs: number;
  painted: string[];
}

/**
 * Runs in the page. Each change of the message is recorded as it happens (the
 * observer's microtask, before the frame that paints it) with the frame it
 * happened in, and the time of the next frame (its paint). A message replaced
 * within the same frame was never painted. Reading only in the next frame, as
 * before, could miss a message the page painted for exactly one frame: the
 * page's next state arrives in that same next frame, ahead of the reader.
 */
const RECORDER = `(() => {
  const changes = [];
  window.__painted = changes;
  let frame = 0;
  const tick = () => { frame++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const read = () => document.querySelector('[data-testid="progress-message"]')?.textContent ?? "";
  let last = null;
  const record = () => {
    const text = read();
    if (text === last) return;
    last = text;
    const change = { text, frame, at: undefined };
    changes.push(change);
    requestAnimationFrame(() => { change.at = performance.timeOrigin + performance.now(); });
  };
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
  record();
})()`;

interface Change {
  text: string;
  frame: number;
  at?: number;
}

/** The messages that stayed on screen for at least one frame: the next change came in a later frame. */
export function paintedChanges(changes: readonly Change[]): Change[] {
  return changes.filter((change, i) => i === changes.length - 1 || changes[i + 1]!.frame > change.frame);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export async function measureLivePage(input: {
  browser: Browser;
  appUrl: string;
  sandbox: string;
  env: ReturnType<typeof getEnv>;
  ownerId: string;
  cookie: string;
  count: number;
  firstAccount: number;
  signal: AbortSignal;
}): Promise<{ samples: LiveSample[]; failures: string[] }> {
  const [name, value] = input.cookie.split(/=(.*)/s) as [string, string];
  const context = await input.browser.newContext();
  await context.addCookies([{ name, value, url: input.appUrl }]);
  const page = await context.newPage();
  const samples: LiveSample[] = [];
  const failures: string[] = [];
  try {
    for (let i = 0; i < input.count && !input.signal.aborted; i++) {
      const accountId = String(input.firstAccount + i);
      const { id } = await startConnection({ ownerId: input.ownerId, accountId, region: "us-east-1" });
      const connection = await db.connection.findUniqueOrThrow({
        where: { id },
        select: { id: true, accountId: true, region: true, externalId: true },
      });
      const launch = launchDetails(connection, input.env);
      // Let the event stream open, as a customer reading the page would (its headers arrive when it is open).
      const streamOpen = page.waitForResponse((r) => r.url().endsWith(`/api/connections/${id}/events`), { timeout: 15_000 });
      await page.goto(new URL(`/connect/${id}`, input.appUrl).toString());
      await page.getByTestId("progress-message").waitFor();
      await page.evaluate(RECORDER);
      await streamOpen;
      const response = await fetch(new URL("api/stacks", input.sandbox), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          region: "us-east-1",
          accountId,
          stackName: launch.stackName,
          templateUrl: launch.templateUrl,
          parameters: launch.parameters,
          capabilities: ["CAPABILITY_IAM"],
        }),
      });
      const stack = stackSchema.parse(((await response.json()) as { stack: unknown }).stack);
      try {
        await page.waitForFunction(
          (text) =>
            (window as unknown as { __painted: Array<{ text: string; at?: number }> }).__painted.some(
              (p) => p.text.startsWith(text) && p.at !== undefined,
            ),
          STEP_TEXTS.connected,
          { timeout: 10_000 },
        );
      } catch {
        failures.push(`${accountId}: the page did not show Connected within 10 s`);
        continue;
      }
      const painted = paintedChanges(await page.evaluate(() => (window as unknown as { __painted: Change[] }).__painted));
      let done: z.infer<typeof stackSchema> | undefined;
      for (let tries = 0; tries < 200 && !done; tries++) {
        const body = (await (await fetch(new URL(`api/stacks/${encodeURIComponent(stack.stackId)}`, input.sandbox))).json()) as {
          stack: unknown;
        };
        const current = stackSchema.parse(body.stack);
        if (current.status !== "CREATE_IN_PROGRESS") done = current;
        else await sleep(20);
      }
      const completeAt = Date.parse(
        done?.events.find((e) => e.logicalResourceId === LOGICAL_ID && e.status === "CREATE_COMPLETE")?.timestamp ?? "",
      );
      const row = await db.connection.findUniqueOrThrow({ where: { id }, select: { connectedAt: true } });
      const connectedPaint = painted.find((p) => p.text.startsWith(STEP_TEXTS.connected))?.at ?? Number.NaN;
      samples.push({
        accountId,
        afterCfnCompleteMs: connectedPaint - completeAt,
        afterCommitMs: connectedPaint - (row.connectedAt?.getTime() ?? Number.NaN),
        painted: painted.map((p) => p.text),
      });
    }
  } finally {
    await context.close();
  }
  return { samples, failures };
}

/** Whether a sample painted every step from waiting to connected, in order. */
export function paintedEveryStep(sample: LiveSample): boolean {
  const order = [STEP_TEXTS.waiting, STEP_TEXTS.stackSeen, STEP_TEXTS.verifying, STEP_TEXTS.connected];
  const indexes = order.map((text) => sample.painted.findIndex((p) => p.startsWith(text)));
  return indexes.every((index, i) => index >= 0 && (i === 0 || index > indexes[i - 1]!));
}
