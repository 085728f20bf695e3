/**
 * Test helpers for sandbox stacks: create (also as the legacy 1.0.0 template),
 * update, delete and read them through the status API; answer custom resource
 * requests at their ResponseURL; AWS SDK clients on a sandbox role session.
 * Re-exported by test-helpers.ts.
 */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { Stack, StackStatus, TemplateVariant } from "./cloudformation";

export interface StackCreateRequest {
  stackName: string;
  accountId: string;
  parameters: Record<string, string>;
  /** Default us-east-1. */
  region?: string;
  /** Default ["CAPABILITY_IAM"]. */
  capabilities?: string[];
  /** "legacy-1.0.0": the role has no rolelink-confirm-this-stack policy and reports TemplateVersion 1.0.0. */
  templateVariant?: TemplateVariant;
  /** Default: the template the sandbox serves. */
  templateUrl?: string;
}

export interface StackUpdateRequest {
  /** Changed values only is enough: the others keep their current values. */
  parameters?: Record<string, string>;
  useCurrentTemplate?: boolean;
  templateVariant?: TemplateVariant;
}

/** A refusal from the status API, with CloudFormation's error code (ValidationError, AlreadyExistsException…). */
export class SandboxApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status: number,
  ) {
    super(`${code}: ${message}`);
  }
}

export function sandboxStacks(origin: string) {
  const at = (...segments: string[]) => new URL(`api/stacks${segments.map((s) => `/${encodeURIComponent(s)}`).join("")}`, origin);

  async function call(url: URL, method: string, body?: unknown): Promise<{ stack?: Stack; stacks?: Stack[] }> {
    const res = await fetch(url, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as { stack?: Stack; stacks?: Stack[]; error?: string; message?: string };
    if (!res.ok) throw new SandboxApiError(json.error ?? "Error", json.message ?? "", res.status);
    return json;
  }
  const stackOf = (json: { stack?: Stack }): Stack => {
    if (!json.stack) throw new Error("the status API answered without a stack");
    return json.stack;
  };

  const stacks = {
    async create(input: StackCreateRequest): Promise<Stack> {
      const {
        region = "us-east-1",
        capabilities = ["CAPABILITY_IAM"],
        templateUrl = new URL("templates/rolelink-role.yaml", origin).toString(),
      } = input;
      return stackOf(await call(at(), "POST", { ...input, region, capabilities, templateUrl }));
    },
    update: async (stackId: string, input: StackUpdateRequest): Promise<Stack> => stackOf(await call(at(stackId, "update"), "POST", input)),
    delete: async (stackId: string): Promise<Stack> => stackOf(await call(at(stackId), "DELETE")),
    async get(stackId: string): Promise<Stack | undefined> {
      const res = await fetch(at(stackId));
      return res.status === 404 ? undefined : ((await res.json()) as { stack: Stack }).stack;
    },
    list: async (): Promise<Stack[]> => (await call(at(), "GET")).stacks ?? [],
    /** Polls until the stack is in (one of) `status`; throws with the last status seen on timeout. */
    async waitForStatus(stackId: string, status: StackStatus | StackStatus[], timeoutMs = 10_000): Promise<Stack> {
      const wanted = ([] as StackStatus[]).concat(status);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const stack = await stacks.get(stackId);
        if (stack && wanted.includes(stack.status)) return stack;
        if (Date.now() > deadline) throw new Error(`stack ${stackId} is ${stack?.status ?? "missing"}, not ${wanted.join(" | ")}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
  return stacks;
}

/** A custom resource request as CloudFormation sends it (the Message of the SNS Notification). */
export interface CustomResourceRequest {
  RequestType: "Create" | "Update" | "Delete";
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  ResourceProperties: Record<string, string>;
  OldResourceProperties?: Record<string, string>;
}

/** PUTs the answer to the request's ResponseURL as a custom resource must (empty Content-Type). */
export function respondToCustomResource(
  request: CustomResourceRequest,
  status: "SUCCESS" | "FAILED",
  extra: { physicalResourceId?: string; reason?: string; contentType?: string } = {},
): Promise<Response> {
  const body = JSON.stringify({
    Status: status,
    Reason: extra.reason,
    PhysicalResourceId: extra.physicalResourceId ?? request.PhysicalResourceId ?? `rolelink-${request.StackId.split("/")[2] ?? "stack"}`,
    StackId: request.StackId,
    RequestId: request.RequestId,
    LogicalResourceId: request.LogicalResourceId,
  });
  return fetch(request.ResponseURL, { method: "PUT", headers: { "Content-Type": extra.contentType ?? "" }, body });
}

export interface SandboxCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** AssumeRole through the sandbox STS with the vendor's base key; the session's temporary credentials. */
export async function assumeSandboxRole(
  origin: string,
  input: { vendorAccessKeyId: string; roleArn: string; externalId?: string; sessionName?: string; sourceIdentity?: string },
): Promise<SandboxCredentials> {
  const sts = new STSClient({
    region: "us-east-1",
    endpoint: new URL("sts", origin).toString(),
    credentials: { accessKeyId: input.vendorAccessKeyId, secretAccessKey: "sandbox" },
    maxAttempts: 1,
  });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: input.roleArn,
      RoleSessionName: input.sessionName ?? "rolelink-test",
      ExternalId: input.externalId,
      SourceIdentity: input.sourceIdentity ?? "rolelink-test",
    }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("AssumeRole answered without credentials");
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

/** The real SDK client on the sandbox's CloudFormation endpoint (one attempt: no retries behind the test's back). */
export function sandboxCloudFormationClient(origin: string, credentials: SandboxCredentials, region = "us-east-1"): CloudFormationClient {
  return new CloudFormationClient({ region, endpoint: new URL("cloudformation", origin).toString(), credentials, maxAttempts: 1 });
}
