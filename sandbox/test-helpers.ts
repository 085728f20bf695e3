/**
 * A fake rolelink SNS endpoint on loopback for the sandbox tests, verifying
 * with the app's real verifier; stack helpers come from test-stacks.ts.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySnsMessage, type VerifiedSnsMessage } from "@/lib/sns/verify";
import type { CustomResourceRequest } from "./test-stacks";

export * from "./test-stacks";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** The verifier's verdict: the message, or the reason it was refused. */
  verified: VerifiedSnsMessage | { rejected: string };
  answered: number;
}

export interface FakeAppOptions {
  allowedTopics: string[];
  /** Status codes for the next Notifications, in order; 200 once used up. */
  script?: number[];
}

export async function startFakeApp(options: FakeAppOptions & { port?: number }) {
  // Deliveries can arrive before startSandbox() has returned its origin: wait for it.
  let setOrigin: (origin: string) => void = () => {};
  const sandboxOrigin = new Promise<string>((resolve) => (setOrigin = resolve));
  const received: Received[] = [];
  const script = [...(options.script ?? [])];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void handle(Buffer.concat(chunks).toString("utf8"), req.headers).then((status) => res.writeHead(status).end());
    });
  });

  async function handle(body: string, headers: IncomingHttpHeaders): Promise<number> {
    let verified: Received["verified"];
    try {
      verified = await verifySnsMessage(JSON.parse(body), {
        allowedTopics: options.allowedTopics,
        sandboxUrl: await sandboxOrigin,
        fetchCertificate: async (url) => (await fetch(url)).text(),
      });
    } catch (error) {
      verified = { rejected: (error as { reason?: string }).reason ?? String(error) };
    }
    const entry: Received = { headers, body, verified, answered: 200 };
    received.push(entry);
    if ("rejected" in verified) entry.answered = 403;
    else if (verified.Type === "SubscriptionConfirmation") {
      const confirm = await fetch(verified.SubscribeURL);
      entry.answered = confirm.ok ? 200 : 500;
    } else if (verified.Type === "Notification") entry.answered = script.shift() ?? 200;
    return entry.answered;
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/sns`,
    received,
    setSandboxOrigin: (origin: string) => setOrigin(origin),
    script(statuses: number[]) {
      script.push(...statuses);
    },
    notifications(): Received[] {
      return received.filter((r) => r.headers["x-amz-sns-message-type"] === "Notification");
    },
    /** The custom resource requests accepted so far (verified, answered 2xx), oldest first; replays count again. */
    requests(): CustomResourceRequest[] {
      return received.flatMap((r) =>
        r.answered === 200 && !("rejected" in r.verified) && r.verified.Type === "Notification"
          ? [JSON.parse(r.verified.Message) as CustomResourceRequest]
          : [],
      );
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}
