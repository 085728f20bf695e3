/**
 * template:publish against a loopback S3 stand-in (path-style PutObject and
 * HeadObject, Content-MD5 and If-None-Match checked the way S3 does).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadCustomerTemplate } from "@/lib/cfn/template";
import { main, publishTemplate, PublishRefusedError, readPublishConfig, templateKey, templateUrlFor } from "./template-publish";

interface StoredObject {
  body: Buffer;
  etag: string;
  meta: Record<string, string>;
}

const objects = new Map<string, StoredObject>();
const requests: Array<{ method: string; path: string; signed: boolean; ifNoneMatch?: string }> = [];
/** Answer every HEAD with 403, as S3 does for a caller without read permission. */
let headForbidden = false;
let server: Server;
let endpoint: string;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = createServer((req, res) => void fakeS3(req, res).catch((error: unknown) => res.writeHead(500).end(String(error))));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

/** A bucket that checks what S3 checks on the calls the publisher makes. */
async function fakeS3(req: IncomingMessage, res: ServerResponse) {
  const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const ifNoneMatch = req.headers["if-none-match"];
  requests.push({ method: req.method ?? "", path, signed: /^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? ""), ifNoneMatch });
  const existing = objects.get(path);
  if (req.method === "HEAD") {
    if (headForbidden) return res.writeHead(403).end();
    if (!existing) return res.writeHead(404).end();
    const meta = Object.fromEntries(Object.entries(existing.meta).map(([k, v]) => [`x-amz-meta-${k}`, v]));
    return res.writeHead(200, { ETag: existing.etag, "Content-Length": existing.body.length, ...meta }).end();
  }
  if (req.method === "PUT") {
    const body = await readBody(req);
    if (req.headers["content-md5"] !== createHash("md5").update(body).digest("base64"))
      return res.writeHead(400).end("<Error><Code>BadDigest</Code></Error>");
    if (ifNoneMatch === "*" && existing) return res.writeHead(412).end("<Error><Code>PreconditionFailed</Code></Error>");
    const meta = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([k]) => k.startsWith("x-amz-meta-"))
        .map(([k, v]) => [k.slice("x-amz-meta-".length), String(v)]),
    );
    const etag = `"${createHash("md5").update(body).digest("hex")}"`;
    objects.set(path, { body, etag, meta });
    return res.writeHead(200, { ETag: etag }).end();
  }
  res.writeHead(405).end();
}

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  objects.clear();
  requests.length = 0;
  headForbidden = false;
});

const config = () => ({ bucket: "rolelink-templates", region: "us-east-1", endpoint });
const { text, version } = loadCustomerTemplate();
const key = templateKey(version);

describe("template:publish", () => {
  it("uploads the customer template under its version, signed, and gives the URL it is served at", async () => {
    const result = await publishTemplate(config());
    expect(key).toBe(`rolelink-role/${version}/rolelink-role.yaml`);
    expect(result).toEqual({ status: "uploaded", version, key, templateUrl: `${endpoint}/rolelink-templates/${key}` });
    expect(objects.get(`/rolelink-templates/${key}`)?.body.toString("utf8")).toBe(text);
    expect(requests.map((r) => [r.method, r.signed])).toEqual([
      ["HEAD", true],
      ["PUT", true],
    ]);
    expect(requests[1]?.ifNoneMatch).toBe("*");
  });

  it("publishing the same content again changes nothing", async () => {
    await publishTemplate(config());
    const again = await publishTemplate(config());
    expect(again.status).toBe("unchanged");
    expect(requests.filter((r) => r.method === "PUT")).toHaveLength(1);
  });

  it("refuses different content under a published version and leaves the published object alone", async () => {
    await publishTemplate(config());
    const edited = { text: text.replace("ec2:Describe*", "s3:GetObject"), version };
    await expect(publishTemplate(config(), edited)).rejects.toThrow(PublishRefusedError);
    await expect(publishTemplate(config(), edited)).rejects.toThrow(/Bump TemplateVersion/);
    expect(objects.get(`/rolelink-templates/${key}`)?.body.toString("utf8")).toBe(text);
    expect(requests.filter((r) => r.method === "PUT")).toHaveLength(1);
  });

  it("a new version is a new object beside the old one", async () => {
    await publishTemplate(config());
    const next = await publishTemplate(config(), { text: text + "\n# 99.0.0\n", version: "99.0.0" });
    expect(next).toMatchObject({ status: "uploaded", key: "rolelink-role/99.0.0/rolelink-role.yaml" });
    expect([...objects.keys()].sort()).toEqual(
      [`/rolelink-templates/${key}`, "/rolelink-templates/rolelink-role/99.0.0/rolelink-role.yaml"].sort(),
    );
  });

  it("when HEAD is forbidden (403, no read permission), only a create-if-absent upload is tried", async () => {
    headForbidden = true;
    expect((await publishTemplate(config())).status).toBe("uploaded");
    const edited = { text: text + "\n# edited\n", version };
    await expect(publishTemplate(config(), edited)).rejects.toThrow(PublishRefusedError);
    expect(objects.get(`/rolelink-templates/${key}`)?.body.toString("utf8")).toBe(text);
    expect(requests.filter((r) => r.method === "PUT").map((r) => r.ifNoneMatch)).toEqual(["*", "*"]);
  });
});

describe("template:publish configuration and output", () => {
  it("needs TEMPLATE_BUCKET, and names it when missing", async () => {
    const errors: string[] = [];
    expect(
      await main(
        { AWS_REGION: "us-east-1" },
        () => {},
        (line) => errors.push(line),
      ),
    ).toBe(1);
    expect(errors.join("\n")).toMatch(/TEMPLATE_BUCKET is required/);
  });

  it("prints the TEMPLATE_URL line to configure", async () => {
    const lines: string[] = [];
    const code = await main({ TEMPLATE_BUCKET: "rolelink-templates", AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL_S3: endpoint }, (line) =>
      lines.push(line),
    );
    expect(code).toBe(0);
    expect(lines).toContain(`Set TEMPLATE_URL=${endpoint}/rolelink-templates/${key}`);
  });

  it("real AWS: the https S3 URL in the bucket's region", () => {
    const aws = readPublishConfig({
      TEMPLATE_BUCKET: "rolelink-templates-abc",
      AWS_REGION: "us-west-2",
      TEMPLATE_BUCKET_REGION: "eu-west-1",
    });
    expect(aws).toEqual({ bucket: "rolelink-templates-abc", region: "eu-west-1", endpoint: undefined });
    expect(templateUrlFor(aws, "rolelink-role/1.2.3/rolelink-role.yaml")).toBe(
      "https://rolelink-templates-abc.s3.eu-west-1.amazonaws.com/rolelink-role/1.2.3/rolelink-role.yaml",
    );
    expect(templateUrlFor({ bucket: "a.b", region: "us-east-1" }, "k")).toBe("https://s3.us-east-1.amazonaws.com/a.b/k");
    expect(templateUrlFor({ bucket: "tpl", region: "cn-north-1" }, "k")).toBe("https://tpl.s3.cn-north-1.amazonaws.com.cn/k");
    expect(() => readPublishConfig({ TEMPLATE_BUCKET: "Not_A_Bucket" })).toThrow(/TEMPLATE_BUCKET must be an S3 bucket name/);
  });
});
