/**
 * Configuration, validated with zod. Read lazily (getEnv) so `next build` does
 * not need production secrets; `assertEnv()` runs at server start-up
 * (instrumentation.ts) so a production server refuses to start on bad settings
 * and names the variable.
 */
import { z } from "zod";
import { accountIdSchema, parseTopicArn, regionOfTopicArn } from "@/lib/aws/identifiers";

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

const booleanString = z.enum(["true", "false"]).transform((v) => v === "true");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().url(),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
    APP_URL: z.string().url().default("http://localhost:3000"),
    ADMIN_EMAIL: z.string().email().optional(),
    ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
    VENDOR_ACCOUNT_ID: accountIdSchema,
    SNS_TOPIC_ARNS: z
      .string()
      .transform((value) => value.split(",").map((s) => s.trim()).filter(Boolean))
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
    VERIFY_INTERVAL_HOURS: z.coerce.number().int().min(1).max(168).default(6),
    VERIFY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    RUN_WORKER: booleanString.default(true),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((env, ctx) => {
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
    const templateUrl = new URL(env.TEMPLATE_URL);
    const fromSandbox = env.AWS_SANDBOX_URL && env.TEMPLATE_URL.startsWith(env.AWS_SANDBOX_URL);
    if (templateUrl.protocol !== "https:" && !fromSandbox) {
      ctx.addIssue({ code: "custom", path: ["TEMPLATE_URL"], message: "must be an https S3 object URL" });
    }
  });

export type Env = z.infer<typeof envSchema>;

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
  return result.data;
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
