/** The sandbox STS alone on loopback, with the SDK pointed at it (for tests that only assume roles). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createStsHandler, createStsState } from "@/sandbox/sts";

export const VENDOR_ACCOUNT = "111111111111";

export async function startStsServer(): Promise<{ sts: ReturnType<typeof createStsState>; stop(): Promise<void> }> {
  const previous = process.env.AWS_ENDPOINT_URL_STS;
  const sts = createStsState({ vendorAccountId: VENDOR_ACCOUNT, baseAccessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "test" });
  const handler = createStsHandler(sts);
  const server: Server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.AWS_ENDPOINT_URL_STS = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sts`;
  return {
    sts,
    async stop() {
      process.env.AWS_ENDPOINT_URL_STS = previous;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
