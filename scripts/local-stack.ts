/**
 * The zero-config local stack shared by `npm run dev`, the e2e run and the
 * benchmarks: embedded PostgreSQL (unless DATABASE_URL is set) and the local
 * AWS sandbox (unless real AWS settings are configured). Returns the
 * environment the app must run with.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { LocalStackError, isPortBusy, startEmbeddedDb } from "./embedded-db";
import { migrateDeploy } from "./migrate";

export interface LocalStackOptions {
  /** Where embedded PostgreSQL keeps its data, and where the dev secret lives. */
  dataDir: string;
  dbPort: number;
  sandboxPort: number;
  appUrl: string;
  /** Keep the database between runs (dev) or throw it away (tests). */
  persistent: boolean;
  env?: Record<string, string | undefined>;
  /** The local mail catcher's ports (0: any free port); used only when no SMTP is configured. */
  mailSmtpPort?: number;
  mailWebPort?: number;
  /** The sandbox's IAM propagation delay; default SANDBOX_IAM_PROPAGATION_MS from `env`, else 3000 ms. */
  iamPropagationMs?: number;
  /** Seed the sandbox's demo organization (3 OUs, 25 accounts) for `npm run dev`. */
  demoOrganization?: boolean;
}

export interface LocalStack {
  env: Record<string, string>;
  /** The local mail catcher's web inbox (REST API under /api/email), when it runs. */
  mailInboxUrl?: string;
  services: Array<{ name: string; where: string }>;
  stop: () => Promise<void>;
}

export const SANDBOX_VENDOR_ACCOUNT = "111111111111";
export const SANDBOX_REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];
const SANDBOX_ACCESS_KEY = "AKIASANDBOXVENDOR001";
/** Small but real: the app must cope with a role that is not assumable yet, as in AWS (up to ~60 s there). */
const DEFAULT_IAM_PROPAGATION_MS = 3000;

function iamPropagationMs(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_IAM_PROPAGATION_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 120_000) {
    throw new LocalStackError(`SANDBOX_IAM_PROPAGATION_MS must be a whole number of milliseconds from 0 to 120000, not "${value}".`);
  }
  return ms;
}

/** Real AWS settings present: then no sandbox runs. */
export function realAwsConfigured(env: Record<string, string | undefined>): boolean {
  return Boolean(env.SNS_TOPIC_ARNS || env.VENDOR_ACCOUNT_ID || env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE);
}

function devSecret(dataDir: string): string {
  const file = path.join(dataDir, "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const source = options.env ?? process.env;
  const env: Record<string, string> = {};
  const services: LocalStack["services"] = [];
  let mailInboxUrl: string | undefined;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => {});
  };

  // Known and noted in the README: the AWS SDK wants Node 22 from 2027; repeating it in every dev log helps nobody.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = source.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? "true";
  try {
    let databaseUrl = source.DATABASE_URL;
    if (!databaseUrl) {
      const db = await startEmbeddedDb({
        dataDir: path.join(options.dataDir, "postgres"),
        port: options.dbPort,
        persistent: options.persistent,
      });
      stops.push(db.stop);
      databaseUrl = db.url;
      env.DATABASE_URL = db.url;
      services.push({ name: "PostgreSQL 17 (embedded)", where: `127.0.0.1:${db.port}, data in ${db.dataDir}` });
    } else {
      services.push({ name: "PostgreSQL", where: "DATABASE_URL" });
    }
    await migrateDeploy(databaseUrl);

    if (!source.NEXTAUTH_SECRET) env.NEXTAUTH_SECRET = devSecret(options.dataDir);
    env.APP_URL = source.APP_URL ?? options.appUrl;
    env.NEXTAUTH_URL = source.NEXTAUTH_URL ?? env.APP_URL;

    if (!source.SMTP_URL && !source.SMTP_HOST) {
      const { startMailCatcher } = await import("./mail-catcher");
      const smtpPort = options.mailSmtpPort ?? 0;
      const webPort = options.mailWebPort ?? 0;
      for (const [port, name] of [
        [smtpPort, "MAIL_SMTP_PORT"],
        [webPort, "MAIL_WEB_PORT"],
      ] as const) {
        if (port !== 0 && (await isPortBusy(port))) {
          throw new LocalStackError(
            `Port ${port} is already in use, so the local mail catcher cannot start. Stop whatever listens there or set ${name} to another port.`,
          );
        }
      }
      const catcher = await startMailCatcher({ smtpPort, webPort, mailDir: path.join(options.dataDir, "mail") });
      stops.push(catcher.stop);
      mailInboxUrl = catcher.webUrl;
      env.SMTP_URL = catcher.smtpUrl;
      env.MAIL_FROM = source.MAIL_FROM ?? "rolelink <no-reply@rolelink.local>";
      services.push({ name: "Mail catcher (every mail the app sends; web inbox)", where: catcher.webUrl });
    } else {
      services.push({ name: "Mail", where: source.SMTP_URL ? "SMTP_URL" : "SMTP_HOST" });
    }

    if (!realAwsConfigured(source)) {
      const { startSandbox } = await import("../sandbox/server");
      const topicArns = SANDBOX_REGIONS.map((region) => `arn:aws:sns:${region}:${SANDBOX_VENDOR_ACCOUNT}:rolelink-sandbox`);
      if (options.sandboxPort !== 0 && (await isPortBusy(options.sandboxPort))) {
        throw new LocalStackError(
          `Port ${options.sandboxPort} is already in use, so the local AWS sandbox cannot start. Stop whatever listens there or set SANDBOX_PORT to another port.`,
        );
      }
      const sandbox = await startSandbox({
        port: options.sandboxPort,
        appSnsEndpoint: new URL("/api/sns", env.APP_URL).toString(),
        vendorAccountId: SANDBOX_VENDOR_ACCOUNT,
        topicArns,
        baseAccessKeyId: SANDBOX_ACCESS_KEY,
        iamPropagationMs: options.iamPropagationMs ?? iamPropagationMs(source.SANDBOX_IAM_PROPAGATION_MS),
      });
      stops.push(sandbox.stop);
      Object.assign(env, {
        AWS_SANDBOX_URL: sandbox.origin,
        AWS_ENDPOINT_URL_STS: new URL("sts", sandbox.origin).toString(),
        AWS_ENDPOINT_URL_SNS: new URL("sns-api", sandbox.origin).toString(),
        AWS_ENDPOINT_URL_CLOUDFORMATION: new URL("cloudformation", sandbox.origin).toString(),
        AWS_ENDPOINT_URL_ORGANIZATIONS: new URL("organizations", sandbox.origin).toString(),
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: SANDBOX_ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY: "sandbox-secret-not-a-real-key",
        VENDOR_ACCOUNT_ID: SANDBOX_VENDOR_ACCOUNT,
        // The sandbox's base key is a session of this role, the one principal customer roles trust.
        VENDOR_PRINCIPAL_ARN: `arn:aws:iam::${SANDBOX_VENDOR_ACCOUNT}:role/rolelink-app`,
        SNS_TOPIC_ARNS: topicArns.join(","),
        TEMPLATE_URL: new URL("templates/rolelink-role.yaml", sandbox.origin).toString(),
        // New sandbox roles wait SANDBOX_IAM_PROPAGATION_MS (default 3 s) before AssumeRole works: retry well
        // past it (backoff with jitter from 2 s: a 5 s window sometimes gave up just before the role was ready).
        ASSUME_ROLE_RETRY_SECONDS: source.ASSUME_ROLE_RETRY_SECONDS ?? "15",
      });
      services.push({ name: "Local AWS sandbox (SNS, STS, CloudFormation console and read API)", where: sandbox.origin });
      if (options.demoOrganization) {
        const { seedDemoOrganization } = await import("../sandbox/org-demo");
        const demo = seedDemoOrganization(sandbox.state.organizations);
        services.push({
          name: `Demo organization ${demo.id} (management ${demo.managementAccountId}, root ${demo.rootId})`,
          where: new URL("organizations/home", sandbox.origin).toString(),
        });
      }
      // Registered from Admin → Webhooks with one click ("Register the sandbox inbox").
      services.push({
        name: "Webhook inbox (a vendor's receiver, in the sandbox)",
        where: new URL("webhook-inbox", sandbox.origin).toString(),
      });
    }
    return { env, services, mailInboxUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
