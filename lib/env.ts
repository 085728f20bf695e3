/**
 * Configuration, validated with zod. Read lazily (getEnv) so `next build` does
 * not need production secrets; `assertEnv()` runs at server start-up
 * (instrumentation.ts) so a production server refuses to start on bad settings
 * and names the variable.
 */
import { z } from "zod";
import {
  accountIdSchema,
  parseRoleArn,
  parseTopicArn,
  regionOfTopicArn,
  ROLE_NAME_WITH_PATH_PATTERN,
  roleArnSchema,
} from "@/lib/aws/identifiers";

const topicArnSchema = z.string().refine((value) => parseTopicArn(value) !== null, "must be SNS topic ARNs");

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The local sandbox origin: trusted only on loopback, never anything else. */
const sandboxUrlSchema = z
  .string()
  .url()
  .refine((value) => {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTS.has(url.hostname);
  }, "must be a loopback URL (127.0.0.1, localhost or [::1]); the sandbox is never trusted elsewhere")
  .transform((value) => new URL(value).origin + "/");

/** The name cloudformation/vendor-setup.yaml gives the role rolelink runs as. */
export const DEFAULT_APP_ROLE_NAME = "rolelink-app";

function isLoopbackUrl(value: string | undefined): boolean {
  if (!value) return false;
  try {
    return LOOPBACK_HOSTS.has(new URL(value).hostname);
  } catch {
    return false;
  }
}

/**
 * Where the local sandbox (and other loopback-only helpers, like webhook
 * targets on this machine) may be trusted: development and test, and a
 * production build served on loopback only (the e2e suite), which nothing
 * outside this machine can reach.
 */
export function servesLoopbackOnly(env: { NODE_ENV?: string; APP_URL?: string }): boolean {
  if (env.NODE_ENV === "development" || env.NODE_ENV === "test") return true;
  return env.NODE_ENV === "production" && isLoopbackUrl(env.APP_URL);
}

/**
 * A production server must name its public origin over https (APP_URL and
 * NEXTAUTH_URL) and must not trust the local AWS sandbox. The one exception is
 * a production build served on loopback only (the e2e suite): nothing outside
 * this machine can reach it, and the sandbox is itself loopback-only.
 */
function checkProduction(
  env: { NODE_ENV: string; APP_URL?: string; NEXTAUTH_URL?: string; AWS_SANDBOX_URL?: string },
  ctx: z.RefinementCtx,
): void {
  if (env.NODE_ENV !== "production") return;
  if (!env.APP_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["APP_URL"],
      message: "is required in production (the public https origin, e.g. https://rolelink.example.com)",
    });
    return;
  }
  const local = isLoopbackUrl(env.APP_URL);
  if (!local && new URL(env.APP_URL).protocol !== "https:") {
    ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "must be an https URL in production" });
  }
  if (!env.NEXTAUTH_URL) {
    ctx.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: "is required in production (the same origin as APP_URL)" });
  } else if (new URL(env.NEXTAUTH_URL).origin !== new URL(env.APP_URL).origin) {
    ctx.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: "must have the same origin as APP_URL" });
  }
  if (env.AWS_SANDBOX_URL && !servesLoopbackOnly(env)) {
    ctx.addIssue({
      code: "custom",
      path: ["AWS_SANDBOX_URL"],
      message: "must not be set in production: the sandbox is for local development and tests only",
    });
  }
}

/**
 * Verification and reset links go out by email: a production server without
 * SMTP settings would accept sign-ups nobody can finish, so it refuses to start.
 */
function checkMail(env: { NODE_ENV: string; SMTP_URL?: string; SMTP_HOST?: string; MAIL_FROM?: string }, ctx: z.RefinementCtx): void {
  if (env.SMTP_URL && env.SMTP_HOST) {
    ctx.addIssue({ code: "custom", path: ["SMTP_HOST"], message: "must not be set together with SMTP_URL (use one or the other)" });
  }
  if (env.NODE_ENV !== "production") return;
  if (!env.SMTP_URL && !env.SMTP_HOST) {
    ctx.addIssue({
      code: "custom",
      path: ["SMTP_URL"],
      message:
        "is required in production (or SMTP_HOST with SMTP_PORT, SMTP_USER, SMTP_PASS): verification and password-reset mails need it",
    });
  }
  if (!env.MAIL_FROM) {
    ctx.addIssue({
      code: "custom",
      path: ["MAIL_FROM"],
      message: "is required in production (the sender of verification and reset mails)",
    });
  }
}

const booleanString = z.enum(["true", "false"]).transform((v) => v === "true");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().url(),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
    APP_URL: z.string().url().optional(),
    /** next-auth's own origin setting; required in production (see the checks below). */
    NEXTAUTH_URL: z.string().url().optional(),
    ADMIN_EMAIL: z.string().email().optional(),
    ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
    VENDOR_ACCOUNT_ID: accountIdSchema,
    /**
     * The IAM role rolelink runs as: customers' trust policies name this one
     * role (not the account root). Outside production it defaults to the name
     * cloudformation/vendor-setup.yaml gives the role.
     */
    VENDOR_PRINCIPAL_ARN: roleArnSchema.optional(),
    SNS_TOPIC_ARNS: z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(topicArnSchema).min(1, "must list at least one SNS topic ARN")),
    SNS_PUBLISH_ACCESS: z.enum(["per-account", "open"]).default("per-account"),
    /** Lowest SNS SignatureVersion accepted. "1" keeps SHA1 messages (and AWS's version-1 fixtures) verifiable; production: "2". */
    SNS_MIN_SIGNATURE_VERSION: z.enum(["1", "2"]).default("1"),
    TEMPLATE_URL: z.string().url(),
    STACK_NAME_PREFIX: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,80}$/, "letters, digits and hyphens, starting with a letter")
      .default("rolelink"),
    AWS_SANDBOX_URL: sandboxUrlSchema.optional(),
    /** How long onboarding keeps retrying AssumeRole while a new role propagates through IAM. */
    ASSUME_ROLE_RETRY_SECONDS: z.coerce.number().int().min(0).max(300).default(90),
    /** Pending launch links nobody used expire after this many days, releasing their topic permission. */
    LINK_EXPIRY_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    /** Finished CloudFormation requests keep their outcome; their presigned ResponseURL is removed after this many days. */
    CFN_PAYLOAD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    VERIFY_INTERVAL_HOURS: z.coerce.number().int().min(1).max(168).default(6),
    WAITING_HINT_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
    VERIFY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    RUN_WORKER: booleanString.default(true),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** Outgoing mail: either one URL (smtp://user:pass@host:587, smtps://… for implicit TLS) or the parts below. */
    SMTP_URL: z
      .string()
      .url()
      .refine((value) => ["smtp:", "smtps:"].includes(new URL(value).protocol), "must be an smtp:// or smtps:// URL")
      .optional(),
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
    SMTP_USER: z.string().optional(),
    SMTP_PASS: z.string().optional(),
    /** Implicit TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    SMTP_SECURE: booleanString.default(false),
    /** The sender of every mail, e.g. "rolelink <no-reply@rolelink.example.com>". */
    MAIL_FROM: z.string().min(3).max(200).optional(),
  })
  .superRefine((env, ctx) => {
    checkProduction(env, ctx);
    const regions = env.SNS_TOPIC_ARNS.map((arn) => regionOfTopicArn(arn));
    if (new Set(regions).size !== regions.length) {
      ctx.addIssue({ code: "custom", path: ["SNS_TOPIC_ARNS"], message: "must name one topic per region" });
    }
    if (env.NODE_ENV === "production" && (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: "custom",
        path: [env.ADMIN_EMAIL ? "ADMIN_PASSWORD" : "ADMIN_EMAIL"],
        message: "is required in production (the first admin is created from it)",
      });
    }
    checkMail(env, ctx);
    const vendorRole = env.VENDOR_PRINCIPAL_ARN ? parseRoleArn(env.VENDOR_PRINCIPAL_ARN) : null;
    if (vendorRole && vendorRole.accountId !== env.VENDOR_ACCOUNT_ID) {
      ctx.addIssue({ code: "custom", path: ["VENDOR_PRINCIPAL_ARN"], message: "must be a role in VENDOR_ACCOUNT_ID" });
    }
    // Launch links carry its path and name as TrustedRoleName: CloudFormation would refuse what the template's pattern does.
    if (vendorRole && !ROLE_NAME_WITH_PATH_PATTERN.test(`${vendorRole.path.replace(/^\//, "")}${vendorRole.roleName}`)) {
      ctx.addIssue({
        code: "custom",
        path: ["VENDOR_PRINCIPAL_ARN"],
        message: "has a role path the customer template's TrustedRoleName cannot carry",
      });
    }
    if (env.NODE_ENV === "production" && !env.VENDOR_PRINCIPAL_ARN) {
      ctx.addIssue({
        code: "custom",
        path: ["VENDOR_PRINCIPAL_ARN"],
        message: "is required in production (the role rolelink runs as; the AppRoleArn output of vendor-setup.yaml)",
      });
    }
    const templateUrl = new URL(env.TEMPLATE_URL);
    const fromSandbox = env.AWS_SANDBOX_URL && env.TEMPLATE_URL.startsWith(env.AWS_SANDBOX_URL);
    if (templateUrl.protocol !== "https:" && !fromSandbox) {
      ctx.addIssue({ code: "custom", path: ["TEMPLATE_URL"], message: "must be an https S3 object URL" });
    }
  })
  .transform((env) => ({
    ...env,
    VENDOR_PRINCIPAL_ARN: env.VENDOR_PRINCIPAL_ARN ?? `arn:aws:iam::${env.VENDOR_ACCOUNT_ID}:role/${DEFAULT_APP_ROLE_NAME}`,
  }));

export type Env = Omit<z.infer<typeof envSchema>, "APP_URL"> & { APP_URL: string };

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses a given environment (tests pass their own). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat empty strings as unset, as a .env file with `KEY=` means "no value".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".") || "env"} ${issue.message}`));
  }
  // Outside production the local default (checked above to be present in production).
  return { ...result.data, APP_URL: result.data.APP_URL ?? "http://localhost:3000" };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Supported regions, each mapped to its SNS topic (the ServiceToken must be in the stack's region). */
export function topicsByRegion(env: Env = getEnv()): Map<string, string> {
  return new Map(env.SNS_TOPIC_ARNS.map((arn) => [regionOfTopicArn(arn) ?? "", arn]));
}
