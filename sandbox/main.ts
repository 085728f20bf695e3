/**
 * `npm run sandbox`: the local AWS sandbox on its own, for poking at it or
 * running the app against it by hand. `npm run dev` starts it for you.
 */
import { z } from "zod";
import { startSandbox } from "./server";
import { seedDemoOrganization } from "./org-demo";

const envSchema = z.object({
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4590),
  APP_URL: z.string().url().default("http://localhost:3000"),
  VENDOR_ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/, "must be a 12-digit account ID")
    .default("111111111111"),
  SNS_TOPIC_ARNS: z
    .string()
    .default(
      "arn:aws:sns:us-east-1:111111111111:rolelink-sandbox,arn:aws:sns:us-west-2:111111111111:rolelink-sandbox,arn:aws:sns:eu-west-1:111111111111:rolelink-sandbox",
    )
    .transform((value) =>
      value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  AWS_ACCESS_KEY_ID: z.string().default("AKIASANDBOXVENDOR001"),
  SANDBOX_SIGNATURE_VERSION: z.enum(["1", "2"]).default("2"),
  /** A new role refuses AssumeRole this long, as IAM propagation makes it in AWS (up to ~60 s). */
  SANDBOX_IAM_PROPAGATION_MS: z.coerce.number().int().min(0).max(120_000).default(3000),
});

async function main(): Promise<void> {
  // An empty variable means "unset", as in a .env file.
  const source = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`rolelink sandbox: ${issue.path.join(".")} ${issue.message}`);
    process.exit(1);
  }
  const env = parsed.data;
  const appSnsEndpoint = new URL("/api/sns", env.APP_URL).toString();
  const sandbox = await startSandbox({
    port: env.SANDBOX_PORT,
    appSnsEndpoint,
    vendorAccountId: env.VENDOR_ACCOUNT_ID,
    topicArns: env.SNS_TOPIC_ARNS,
    baseAccessKeyId: env.AWS_ACCESS_KEY_ID,
    signatureVersion: env.SANDBOX_SIGNATURE_VERSION,
    iamPropagationMs: env.SANDBOX_IAM_PROPAGATION_MS,
  });
  const at = (path: string) => new URL(path, sandbox.origin).toString();
  const demo = seedDemoOrganization(sandbox.state.organizations);
  console.log("rolelink local AWS sandbox — not AWS");
  console.log(`  CloudFormation console  ${at("cloudformation/home#/stacks")}`);
  console.log(`  STS endpoint            AWS_ENDPOINT_URL_STS=${at("sts")}`);
  console.log(`  SNS API endpoint        AWS_ENDPOINT_URL_SNS=${at("sns-api")}`);
  console.log(`  CloudFormation API      AWS_ENDPOINT_URL_CLOUDFORMATION=${at("cloudformation")}`);
  console.log(`  IAM propagation         new roles assumable after ${env.SANDBOX_IAM_PROPAGATION_MS} ms (SANDBOX_IAM_PROPAGATION_MS)`);
  console.log(`  Trusted sandbox origin  AWS_SANDBOX_URL=${sandbox.origin}`);
  console.log(`  Template                TEMPLATE_URL=${sandbox.state.templateUrl}`);
  console.log(`  Organizations API       AWS_ENDPOINT_URL_ORGANIZATIONS=${at("organizations")}`);
  console.log(`  Organization template   ${sandbox.state.orgTemplateUrl}`);
  console.log(
    `  Demo organization       ${demo.id}: management ${demo.managementAccountId}, root ${demo.rootId}, 3 OUs, 25 accounts (${at(`api/organizations/${demo.id}`)})`,
  );
  console.log(`  SNS deliveries to       ${appSnsEndpoint} (topics: ${env.SNS_TOPIC_ARNS.join(", ")})`);
  console.log(
    `  Status                  ${at("api/stacks")}, ${at("api/subscriptions")}, ${at("api/deliveries")}, ${at("api/stack-sets")}`,
  );

  const shutdown = () => void sandbox.stop().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  console.error(`rolelink sandbox: could not start: ${code === "EADDRINUSE" ? "the port is in use (set SANDBOX_PORT)" : String(error)}`);
  process.exit(1);
});
