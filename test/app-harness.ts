/**
 * Integration harness: the real /api/sns route handler behind a loopback HTTP
 * server, fed by the real local AWS sandbox (signed SNS deliveries, STS, a
 * ResponseURL receiver), with the app configured exactly as `npm run dev` does.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { startSandbox, type Sandbox } from "@/sandbox/server";

export const VENDOR = "111111111111";
export const APP_TOPICS = ["us-east-1", "eu-west-1"].map((region) => `arn:aws:sns:${region}:${VENDOR}:rolelink-sandbox`);
/** Known to the sandbox, not to the app: messages from it must be refused. */
export const FOREIGN_TOPIC = `arn:aws:sns:us-east-1:${VENDOR}:someone-elses-topic`;
const ACCESS_KEY = "AKIASANDBOXVENDOR001";

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  answer: string;
}

export interface AppHarness {
  sandbox: Sandbox;
  deliveries: Delivery[];
  /** POSTs a raw body to the route as SNS would. */
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; json: unknown }>;
  stop(): Promise<void>;
}

export async function startAppHarness(): Promise<AppHarness> {
  const { POST } = await import("@/app/api/sns/route");
  const deliveries: Delivery[] = [];
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  async function post(body: string, headers: Record<string, string> = {}) {
    const response = await POST(
      new Request("http://localhost/api/sns", {
        method: "POST",
        body,
        headers: { "content-type": "text/plain; charset=UTF-8", ...headers },
      }),
    );
    return { status: response.status, json: await response.json() };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    async function answer() {
      await ready;
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([, v]) => typeof v === "string")) as Record<string, string>;
      const { status, json } = await post(body, headers);
      deliveries.push({ headers: req.headers, body, status, answer: JSON.stringify(json) });
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    }
    // A harness failure must show as a 500 the test sees, not an unhandled rejection.
    req.on("end", () => void answer().catch((error: unknown) => res.writeHead(500).end(String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sns`;

  const sandbox = await startSandbox({
    port: 0,
    appSnsEndpoint: endpoint,
    vendorAccountId: VENDOR,
    topicArns: [...APP_TOPICS, FOREIGN_TOPIC],
    baseAccessKeyId: ACCESS_KEY,
    retryDelaysMs: [200, 200, 200],
    confirmationRetryMs: 200,
  });
  Object.assign(process.env, {
    AWS_SANDBOX_URL: sandbox.origin,
    AWS_ENDPOINT_URL_STS: new URL("sts", sandbox.origin).toString(),
    AWS_ENDPOINT_URL_SNS: new URL("sns-api", sandbox.origin).toString(),
    AWS_ENDPOINT_URL_CLOUDFORMATION: new URL("cloudformation", sandbox.origin).toString(),
    AWS_ENDPOINT_URL_ORGANIZATIONS: new URL("organizations", sandbox.origin).toString(),
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: "sandbox-secret-not-a-real-key",
    VENDOR_ACCOUNT_ID: VENDOR,
    SNS_TOPIC_ARNS: APP_TOPICS.join(","),
    TEMPLATE_URL: new URL("templates/rolelink-role.yaml", sandbox.origin).toString(),
    ASSUME_ROLE_RETRY_SECONDS: "2",
  });
  markReady();

  return {
    sandbox,
    deliveries,
    post,
    async stop() {
      await sandbox.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function waitUntil<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
