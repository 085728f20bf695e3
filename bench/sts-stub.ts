/**
 * The STS stand-in for benchmark 3, in its own process: the sandbox's STS
 * (sandbox/sts.ts: AssumeRole with the External ID check, GetCallerIdentity
 * for the session) answering every call after a fixed delay, like a distant
 * AWS endpoint. Roles: BENCH_STS_ROLES of them, as bench/fleet.ts names them.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createStsHandler, createStsState } from "@/sandbox/sts";
import { announce } from "./support/children";
import { fleetAccount, FLEET_ACCESS_KEY, fleetExternalId, fleetRoleArn, VENDOR_ACCOUNT_ID } from "./support/fleet-accounts";

const roles = Number(process.env.BENCH_STS_ROLES ?? "0");
const delayMs = Number(process.env.BENCH_STS_DELAY_MS ?? "100");

const state = createStsState({ vendorAccountId: VENDOR_ACCOUNT_ID, baseAccessKeyId: FLEET_ACCESS_KEY });
for (let i = 0; i < roles; i++)
  state.putRole({ roleArn: fleetRoleArn(fleetAccount(i)), trustedAccountId: VENDOR_ACCOUNT_ID, externalId: fleetExternalId(i) });
const handler = createStsHandler(state);

const server = createServer((req, res) => {
  setTimeout(() => void handler(req, res), delayMs);
});
// The fleet keeps up to hundreds of sockets open.
server.maxConnections = 10_000;
server.listen(0, "127.0.0.1", () => {
  // The call log is for tests; here it would only grow.
  setInterval(() => (state.calls.length = 0), 1_000).unref();
  announce((server.address() as AddressInfo).port);
});
