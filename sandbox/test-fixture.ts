/**
 * One sandbox with a fake rolelink SNS endpoint, ready for stack tests: the
 * topic open to every account, the subscription confirmed, and shortcuts to
 * a stack whose custom resource answered its Create.
 */
import { startSandbox, type Sandbox, type SandboxOptions } from "./server";
import {
  assumeSandboxRole,
  respondToCustomResource,
  sandboxCloudFormationClient,
  sandboxStacks,
  startFakeApp,
  waitFor,
  type CustomResourceRequest,
  type StackCreateRequest,
} from "./test-helpers";

export const VENDOR = "111111111111";
export const CUSTOMER = "222222222222";
export const TOPIC = `arn:aws:sns:us-east-1:${VENDOR}:rolelink`;
export const VENDOR_KEY = "AKIASANDBOXTEST00001";

export async function startStackFixture(options: Partial<SandboxOptions> = {}) {
  const app = await startFakeApp({ allowedTopics: [TOPIC] });
  const sandbox: Sandbox = await startSandbox({
    port: 0,
    appSnsEndpoint: app.endpoint,
    vendorAccountId: VENDOR,
    topicArns: [TOPIC],
    baseAccessKeyId: VENDOR_KEY,
    retryDelaysMs: [50, 50, 50],
    // AWS's own 15 s: a busy machine's slow answer must not turn into a retried (second) request.
    deliveryTimeoutMs: 15_000,
    ...options,
  });
  app.setSandboxOrigin(sandbox.origin);
  sandbox.state.snsApi.setOpen(TOPIC, true);
  await waitFor(() => sandbox.state.delivery.listSubscriptions().every((s) => s.status === "confirmed") || undefined);
  const stacks = sandboxStacks(sandbox.origin);

  /** The stack's `n`-th custom resource request (0-based), once the fake app accepted it. */
  const request = (stackId: string, n: number): Promise<CustomResourceRequest> =>
    waitFor(() => app.requests().filter((r) => r.StackId === stackId)[n]);
  /** How many requests the stack has been sent so far. */
  const requestCount = (stackId: string) => app.requests().filter((r) => r.StackId === stackId).length;

  const fixture = {
    app,
    sandbox,
    stacks,
    request,
    requestCount,
    respond: respondToCustomResource,
    parameters: (externalId: string) => ({ ExternalId: externalId, TrustedAccount: VENDOR, SnsTopicArn: TOPIC }),
    /** Creates a stack and answers its Create with SUCCESS: CREATE_COMPLETE, with its role and Create request. */
    async createLiveStack(input: Partial<StackCreateRequest> & { stackName: string; externalId: string }) {
      const created = await stacks.create({ accountId: CUSTOMER, parameters: fixture.parameters(input.externalId), ...input });
      const create = await request(created.stackId, 0);
      const answered = await respondToCustomResource(create, "SUCCESS", { physicalResourceId: `phys-${input.stackName}` });
      if (answered.status !== 200) throw new Error(`the Create answer was refused: ${answered.status}`);
      const stack = await stacks.waitForStatus(created.stackId, "CREATE_COMPLETE");
      return { stack, roleArn: stack.roleArn ?? "", create };
    },
    session: (roleArn: string, externalId?: string) =>
      assumeSandboxRole(sandbox.origin, { vendorAccessKeyId: VENDOR_KEY, roleArn, externalId }),
    async cfnAs(roleArn: string, externalId: string, region = "us-east-1") {
      return sandboxCloudFormationClient(sandbox.origin, await fixture.session(roleArn, externalId), region);
    },
    async stop() {
      await sandbox.stop();
      await app.stop();
    },
  };
  return fixture;
}

export type StackFixture = Awaited<ReturnType<typeof startStackFixture>>;

/** The AWS SDK error a call failed with (name = AWS error code), or a failure if it succeeded. */
export async function awsError(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!error) throw new Error("expected the call to fail");
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}
