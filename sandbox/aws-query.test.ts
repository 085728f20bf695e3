/** The query protocol as AWS SDKs speak it: form bodies in, AWS-shaped XML out. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listParam, QueryError, queryHandler, Repeated, toXml, type QueryRequest } from "./aws-query";

const NS = "https://example.amazonaws.com/doc/2020-01-01/";
let server: Server;
let endpoint: string;
let seen: QueryRequest | undefined;

beforeAll(async () => {
  const handler = queryHandler(NS, {
    Echo(request) {
      seen = request;
      return { Value: request.params.get("Value") ?? undefined, Accounts: listParam(request.params, "AWSAccountId") };
    },
    Slow() {
      throw new QueryError(400, "Throttling", "Rate exceeded");
    },
    Broken() {
      throw new Error("secret internals");
    },
  });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const AUTH = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE123/20260101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";

function post(params: Record<string, string>, headers: Record<string, string> = { authorization: AUTH }) {
  return fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params),
  });
}

const ERROR = (type: string, code: string, message: string) =>
  new RegExp(
    `^<ErrorResponse xmlns="${NS.replace(/[./]/g, "\\$&")}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`,
  );

describe("requests", () => {
  it("reads Action, the parameters with member lists, and the caller's access key id", async () => {
    const res = await post({
      Action: "Echo",
      Version: "2020-01-01",
      Value: "a&b <c>",
      "AWSAccountId.member.1": "222233334444",
      "AWSAccountId.member.2": "333344445555",
    });
    expect(res.status).toBe(200);
    expect(seen?.action).toBe("Echo");
    expect(seen?.accessKeyId).toBe("AKIAEXAMPLE123");
    expect(await res.text()).toMatch(
      /^<EchoResponse xmlns="[^"]+"><EchoResult><Value>a&#38;b &#60;c&#62;<\/Value><Accounts><member>222233334444<\/member><member>333344445555<\/member><\/Accounts><\/EchoResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/EchoResponse>$/,
    );
  });

  it("an unsigned request has no caller", async () => {
    await post({ Action: "Echo" }, {});
    expect(seen?.accessKeyId).toBeUndefined();
  });
});

describe("errors, in AWS's ErrorResponse shape", () => {
  it("Throttling is a 400 Sender error", async () => {
    const res = await post({ Action: "Slow" });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(ERROR("Sender", "Throttling", "Rate exceeded"));
  });

  it("an unknown action is InvalidAction; GET is refused", async () => {
    const res = await post({ Action: "Nope" });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(ERROR("Sender", "InvalidAction", "Could not find operation Nope"));
    expect((await fetch(endpoint)).status).toBe(405);
  });

  it("a crash is a 500 Receiver error that does not leak its text", async () => {
    const res = await post({ Action: "Broken" });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toMatch(ERROR("Receiver", "InternalFailure", "internal error"));
    expect(text).not.toContain("secret");
  });

  it("a body over 64 KiB is refused", async () => {
    const res = await post({ Action: "Echo", Value: "x".repeat(70_000) });
    expect(res.status).toBe(413);
  });
});

describe("toXml", () => {
  it("nests objects, lists members, wraps map entries and skips undefined", () => {
    expect(toXml({ A: { B: "1" }, C: ["x", "y"], D: undefined, E: new Repeated("entry", [{ key: "k", value: "v" }]) })).toBe(
      "<A><B>1</B></A><C><member>x</member><member>y</member></C><E><entry><key>k</key><value>v</value></entry></E>",
    );
  });
});
