/**
 * `npm run template:publish`: uploads cloudformation/rolelink-role.yaml to the
 * template bucket under its TemplateVersion and prints the URL for TEMPLATE_URL.
 * A published version is immutable: customers' stacks and launch links name
 * it, so different content under the same version is refused (bump the
 * version instead); publishing identical content again is a no-op.
 */
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { REGION_PATTERN } from "@/lib/aws/identifiers";
import { loadCustomerTemplate } from "@/lib/cfn/template";

/** The prefix vendor-setup.yaml makes publicly readable (and lets the app write). */
export const TEMPLATE_KEY_PREFIX = "rolelink-role";

export function templateKey(version: string): string {
  return `${TEMPLATE_KEY_PREFIX}/${version}/rolelink-role.yaml`;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

const configSchema = z.object({
  TEMPLATE_BUCKET: z
    .string({ error: "is required: the vendor setup stack's TemplateBucketName output" })
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name"),
  /** The bucket's region (vendor setup's PrimaryRegion); defaults to AWS_REGION. */
  TEMPLATE_BUCKET_REGION: z.string().regex(REGION_PATTERN, "must be an AWS region like us-east-1").optional(),
  AWS_REGION: z.string().regex(REGION_PATTERN, "must be an AWS region like us-east-1").optional(),
  AWS_ENDPOINT_URL_S3: z.url().optional(),
});

export interface PublishConfig {
  bucket: string;
  region: string;
  /** A non-AWS S3 endpoint (tests, local stand-ins); path-style on loopback. */
  endpoint?: string;
}

export function readPublishConfig(source: Record<string, string | undefined>): PublishConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new Error(result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("\n"));
  }
  const env = result.data;
  return {
    bucket: env.TEMPLATE_BUCKET,
    region: env.TEMPLATE_BUCKET_REGION ?? env.AWS_REGION ?? "us-east-1",
    endpoint: env.AWS_ENDPOINT_URL_S3,
  };
}

function isLoopback(endpoint: string | undefined): boolean {
  return endpoint !== undefined && LOOPBACK_HOSTS.has(new URL(endpoint).hostname);
}

/** The object's public HTTPS URL: what CloudFormation's templateURL must be. */
export function templateUrlFor(config: PublishConfig, key: string): string {
  if (config.endpoint && isLoopback(config.endpoint)) {
    const base = new URL(config.endpoint);
    base.pathname = base.pathname.replace(/\/?$/, "/");
    return new URL(`${config.bucket}/${key}`, base).toString();
  }
  const suffix = config.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  // A dotted bucket name breaks the *.s3 wildcard certificate: use path-style then.
  const base = config.bucket.includes(".")
    ? new URL(`https://s3.${config.region}.${suffix}/${config.bucket}/`)
    : new URL(`https://${config.bucket}.s3.${config.region}.${suffix}/`);
  return new URL(key, base).toString();
}

export class PublishRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PublishRefusedError";
  }
}

export interface PublishResult {
  status: "uploaded" | "unchanged";
  version: string;
  key: string;
  templateUrl: string;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function refuse(key: string): PublishRefusedError {
  return new PublishRefusedError(
    `${key} is already published with different content, and a customer's stack may reference it. ` +
      `Bump TemplateVersion (Metadata and Mappings.Rolelink.Template.Version) in cloudformation/rolelink-role.yaml and publish again.`,
  );
}

export async function publishTemplate(
  config: PublishConfig,
  template: { text: string; version: string } = loadCustomerTemplate(),
): Promise<PublishResult> {
  const body = Buffer.from(template.text, "utf8");
  const md5 = createHash("md5").update(body);
  const md5Hex = md5.copy().digest("hex");
  const sha256 = createHash("sha256").update(body).digest("hex");
  const key = templateKey(template.version);
  const result = { version: template.version, key, templateUrl: templateUrlFor(config, key) };
  const s3 = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: isLoopback(config.endpoint),
    maxAttempts: 3,
    // Content-MD5 below is the integrity check; no extra checksum headers.
    requestChecksumCalculation: "WHEN_REQUIRED",
  });

  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key }));
    const same = head.ETag === `"${md5Hex}"` || head.Metadata?.sha256 === sha256;
    if (!same) throw refuse(key);
    return { status: "unchanged", ...result };
  } catch (error) {
    // 404, or 403 when the caller may not list the bucket (S3 then hides whether the key exists).
    if (error instanceof PublishRefusedError || (statusOf(error) !== 404 && statusOf(error) !== 403)) throw error;
  }

  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: config.bucket,
        Key: key,
        Body: body,
        ContentMD5: md5.digest("base64"),
        ContentType: "text/yaml; charset=utf-8",
        CacheControl: "public, max-age=300",
        Metadata: { sha256 },
        // Atomic "create only": a concurrent publish of other content cannot slip in between.
        IfNoneMatch: "*",
      }),
    );
  } catch (error) {
    if (statusOf(error) === 412) throw refuse(key);
    throw error;
  }
  return { status: "uploaded", ...result };
}

/** The CLI: returns the exit code (0 published or already identical, 1 refused or failed). */
export async function main(
  source: Record<string, string | undefined> = process.env,
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): Promise<number> {
  try {
    const outcome = await publishTemplate(readPublishConfig(source));
    out(
      outcome.status === "uploaded"
        ? `Published template ${outcome.version} to ${outcome.key}.`
        : `Template ${outcome.version} is already published with this exact content.`,
    );
    out(`Set TEMPLATE_URL=${outcome.templateUrl}`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    err(`template:publish failed: ${message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
