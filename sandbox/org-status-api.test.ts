/**
 * The sandbox's organization endpoints, as the console and end-to-end tests
 * drive them over HTTP: shape an organization, launch the organization
 * template, and watch auto-deployment follow an account moved in and out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { respondToCustomResource, waitFor } from "./test-helpers";
import { startStackFixture, TOPIC, VENDOR, type StackFixture } from "./test-fixture";

let fixture: StackFixture;
let answering = true;
const seen = new Set<string>();

/** The shapes these endpoints answer with (each response carries some of them). */
interface Answer {
  organization: { id: string; rootId: string; accounts: unknown[]; stackSetsTrustedAccess: boolean };
  unit: { id: string };
  stack: { stackId: string };
  stackSets: Array<{ instances: Array<{ accountId: string; status: string }> }>;
  error?: string;
}

async function api(path: string, init: { method?: string; json?: unknown; contentType?: string } = {}) {
  const response = await fetch(new URL(`api/${path}`, fixture.sandbox.origin), {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers: init.json === undefined ? {} : { "Content-Type": init.contentType ?? "application/json" },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

beforeAll(async () => {
  fixture = await startStackFixture();
  void (async () => {
    while (answering) {
      for (const request of fixture.app.requests()) {
        if (seen.has(request.RequestId)) continue;
        seen.add(request.RequestId);
        void respondToCustomResource(request, "SUCCESS");
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
});

afterAll(async () => {
  answering = false;
  await fixture.stop();
});

describe("/api/organizations and /api/stack-sets", () => {
  it("refuses non-JSON and malformed bodies with a 4xx", async () => {
    expect((await api("organizations", { json: { managementAccountId: "800000000000" }, contentType: "text/plain" })).status).toBe(415);
    expect((await api("organizations", { json: { managementAccountId: "8000" } })).status).toBe(400);
    expect((await api("organizations/o-doesnotexist")).status).toBe(404);
  });

  it("builds an organization, launches the organization template, and follows an account moved in and out", async () => {
    const { body: created } = await api("organizations", { json: { managementAccountId: "800000000000", name: "acme" } });
    const org = created.organization;
    const target = (await api(`organizations/${org.id}/units`, { json: { parentId: org.rootId, name: "Workloads" } })).body.unit.id;
    const parked = (await api(`organizations/${org.id}/units`, { json: { parentId: org.rootId, name: "Parked" } })).body.unit.id;
    await api(`organizations/${org.id}/accounts`, { json: { id: "800000000001", name: "w1", parentId: target } });
    await api(`organizations/${org.id}/accounts`, { json: { id: "800000000002", name: "p1", parentId: parked } });
    expect((await api(`organizations/${org.id}`)).body.organization.accounts).toHaveLength(3);

    const { status, body } = await api("stacks", {
      json: {
        region: "us-east-1",
        accountId: "800000000000",
        stackName: "rolelink-org",
        templateUrl: fixture.sandbox.state.orgTemplateUrl,
        capabilities: ["CAPABILITY_IAM"],
        parameters: {
          ExternalId: "org-ext-http",
          TrustedAccount: VENDOR,
          SnsTopicArn: TOPIC,
          MemberTemplateURL: fixture.sandbox.state.templateUrl,
          OrganizationalUnitIds: target,
        },
      },
    });
    expect(status).toBe(201);
    await fixture.stacks.waitForStatus(body.stack.stackId, "CREATE_COMPLETE", 20_000);
    const instances = async () => (await api("stack-sets")).body.stackSets[0]?.instances ?? [];
    expect(await instances()).toEqual([expect.objectContaining({ accountId: "800000000001", status: "CURRENT" })]);

    expect((await api(`organizations/${org.id}/accounts/800000000002/move`, { json: { destinationParentId: target } })).status).toBe(200);
    await waitFor(async () => (await instances()).find((i) => i.accountId === "800000000002")?.status === "CURRENT" || undefined);
    expect((await api(`organizations/${org.id}/accounts/800000000001/move`, { json: { destinationParentId: parked } })).status).toBe(200);
    await waitFor(async () => (await instances()).every((i) => i.accountId !== "800000000001") || undefined);
    expect(
      fixture.app
        .requests()
        .filter((r) => r.StackId.includes(":800000000001:"))
        .map((r) => r.RequestType),
    ).toEqual(["Create", "Delete"]);
  });

  it("answers AWS's error for an unknown account and turns trusted access off", async () => {
    const org = (await api("organizations", { json: { managementAccountId: "810000000000" } })).body.organization;
    expect(
      (await api(`organizations/${org.id}/accounts/819999999999/move`, { json: { destinationParentId: org.rootId } })).body,
    ).toMatchObject({ error: "AccountNotFoundException" });
    expect(
      (await api(`organizations/${org.id}/trusted-access`, { json: { enabled: false } })).body.organization.stackSetsTrustedAccess,
    ).toBe(false);
  });
});
