import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, topicsByRegion } from "./env";
import { testEnv } from "@/test/env";

const base = { ...testEnv, DATABASE_URL: "postgresql://u@localhost/db" };

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
}

const mail = { SMTP_URL: "smtp://mailer:pw@smtp.example.com:587", MAIL_FROM: "rolelink <no-reply@example.com>" };

describe("configuration", () => {
  it("maps each supported region to its own topic", () => {
    expect(Object.fromEntries(topicsByRegion(parseEnv(base)))).toEqual({
      "us-east-1": "arn:aws:sns:us-east-1:111111111111:rolelink",
      "eu-west-1": "arn:aws:sns:eu-west-1:111111111111:rolelink",
    });
  });

  it("names each missing or invalid variable", () => {
    expect(problems({ ...base, DATABASE_URL: undefined, VENDOR_ACCOUNT_ID: "123" })).toEqual([
      "DATABASE_URL Invalid input: expected string, received undefined",
      "VENDOR_ACCOUNT_ID must be a 12-digit AWS account ID",
    ]);
  });

  it("requires the first admin's credentials in production", () => {
    expect(problems({ ...base, NODE_ENV: "production" })).toContainEqual(expect.stringMatching(/^ADMIN_EMAIL is required in production/));
    const vendorRole = { VENDOR_PRINCIPAL_ARN: "arn:aws:iam::111111111111:role/rolelink-app" };
    const admin = { ADMIN_EMAIL: "a@b.co", ADMIN_PASSWORD: "long enough pw", NEXTAUTH_URL: base.APP_URL };
    expect(problems({ ...base, ...vendorRole, ...admin, ...mail, NODE_ENV: "production" })).toEqual([]);
  });

  it("pins customer roles to one vendor role: required in production, in the vendor account, defaulted elsewhere", () => {
    const admin = { ADMIN_EMAIL: "a@b.co", ADMIN_PASSWORD: "long enough pw", NEXTAUTH_URL: base.APP_URL };
    expect(problems({ ...base, ...admin, ...mail, NODE_ENV: "production" })).toEqual([
      expect.stringMatching(/^VENDOR_PRINCIPAL_ARN is required in production/),
    ]);
    expect(problems({ ...base, VENDOR_PRINCIPAL_ARN: "arn:aws:iam::999999999999:role/rolelink-app" })).toEqual([
      "VENDOR_PRINCIPAL_ARN must be a role in VENDOR_ACCOUNT_ID",
    ]);
    expect(problems({ ...base, VENDOR_PRINCIPAL_ARN: "arn:aws:iam::111111111111:root" })).toEqual([
      "VENDOR_PRINCIPAL_ARN must be an IAM role ARN",
    ]);
    expect(problems({ ...base, VENDOR_PRINCIPAL_ARN: "arn:aws:iam::111111111111:role/a*b/rolelink-app" })).toEqual([
      "VENDOR_PRINCIPAL_ARN has a role path the customer template's TrustedRoleName cannot carry",
    ]);
    expect(parseEnv(base).VENDOR_PRINCIPAL_ARN).toBe("arn:aws:iam::111111111111:role/rolelink-app");
    expect(parseEnv({ ...base, VENDOR_PRINCIPAL_ARN: "arn:aws:iam::111111111111:role/svc/app" }).VENDOR_PRINCIPAL_ARN).toBe(
      "arn:aws:iam::111111111111:role/svc/app",
    );
  });

  describe("strict production", () => {
    const prod = {
      ...base,
      NODE_ENV: "production",
      ADMIN_EMAIL: "a@b.co",
      ADMIN_PASSWORD: "long enough pw",
      APP_URL: "https://rolelink.example.com",
      NEXTAUTH_URL: "https://rolelink.example.com",
      VENDOR_PRINCIPAL_ARN: "arn:aws:iam::111111111111:role/rolelink-app",
      ...mail,
    };

    it("accepts a public https origin", () => {
      expect(problems(prod)).toEqual([]);
    });

    it("refuses a missing or http APP_URL, naming it", () => {
      expect(problems({ ...prod, APP_URL: undefined })).toEqual([expect.stringMatching(/^APP_URL is required in production/)]);
      expect(problems({ ...prod, APP_URL: "http://rolelink.example.com", NEXTAUTH_URL: "http://rolelink.example.com" })).toEqual([
        "APP_URL must be an https URL in production",
      ]);
    });

    it("refuses a missing or foreign NEXTAUTH_URL", () => {
      expect(problems({ ...prod, NEXTAUTH_URL: undefined })).toEqual([expect.stringMatching(/^NEXTAUTH_URL is required in production/)]);
      expect(problems({ ...prod, NEXTAUTH_URL: "https://evil.example" })).toEqual(["NEXTAUTH_URL must have the same origin as APP_URL"]);
    });

    it("refuses the sandbox on a public origin", () => {
      expect(problems({ ...prod, AWS_SANDBOX_URL: "http://127.0.0.1:4566" })).toEqual([
        expect.stringMatching(/^AWS_SANDBOX_URL must not be set in production/),
      ]);
    });

    it("refuses to start without SMTP settings or a sender, naming the variable", () => {
      expect(problems({ ...prod, SMTP_URL: undefined })).toEqual([expect.stringMatching(/^SMTP_URL is required in production/)]);
      expect(problems({ ...prod, MAIL_FROM: undefined })).toEqual([expect.stringMatching(/^MAIL_FROM is required in production/)]);
      // The parts instead of one URL are enough; both at once is ambiguous.
      expect(problems({ ...prod, SMTP_URL: undefined, SMTP_HOST: "smtp.example.com", SMTP_USER: "u", SMTP_PASS: "p" })).toEqual([]);
      expect(problems({ ...prod, SMTP_HOST: "smtp.example.com" })).toEqual([
        expect.stringMatching(/^SMTP_HOST must not be set together with SMTP_URL/),
      ]);
      expect(problems({ ...prod, SMTP_URL: "http://smtp.example.com" })).toEqual(["SMTP_URL must be an smtp:// or smtps:// URL"]);
    });

    it("allows a production build served on loopback only (the e2e suite), sandbox included", () => {
      const local = {
        ...prod,
        APP_URL: "http://localhost:3100",
        NEXTAUTH_URL: "http://localhost:3100",
        AWS_SANDBOX_URL: "http://127.0.0.1:4566",
      };
      expect(problems(local)).toEqual([]);
    });
  });

  it("refuses two topics for one region", () => {
    const topics = "arn:aws:sns:us-east-1:111111111111:a,arn:aws:sns:us-east-1:111111111111:b";
    expect(problems({ ...base, SNS_TOPIC_ARNS: topics })).toEqual(["SNS_TOPIC_ARNS must name one topic per region"]);
  });

  it.each(["http://127.0.0.1:4590", "http://localhost:4590/", "http://[::1]:4590"])("trusts the loopback sandbox %s", (url) => {
    expect(parseEnv({ ...base, AWS_SANDBOX_URL: url }).AWS_SANDBOX_URL).toMatch(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):4590\/$/);
  });

  it.each(["http://10.0.0.5:4590", "https://sandbox.example.com", "http://127.0.0.1.nip.io:4590", "http://localhost@evil.test/"])(
    "refuses to trust a sandbox at %s",
    (url) => {
      expect(problems({ ...base, AWS_SANDBOX_URL: url })).toEqual([
        "AWS_SANDBOX_URL must be a loopback URL (127.0.0.1, localhost or [::1]); the sandbox is never trusted elsewhere",
      ]);
    },
  );

  it("accepts SignatureVersion 1 by default and can require 2", () => {
    expect(parseEnv(base).SNS_MIN_SIGNATURE_VERSION).toBe("1");
    expect(parseEnv({ ...base, SNS_MIN_SIGNATURE_VERSION: "2" }).SNS_MIN_SIGNATURE_VERSION).toBe("2");
    expect(problems({ ...base, SNS_MIN_SIGNATURE_VERSION: "3" })).toEqual([expect.stringMatching(/^SNS_MIN_SIGNATURE_VERSION /)]);
  });

  it("requires an https template URL unless it is served by the trusted sandbox", () => {
    expect(problems({ ...base, TEMPLATE_URL: "http://bucket.s3.amazonaws.com/t.yaml" })).toEqual([
      "TEMPLATE_URL must be an https S3 object URL",
    ]);
    const sandbox = { ...base, AWS_SANDBOX_URL: "http://127.0.0.1:4590", TEMPLATE_URL: "http://127.0.0.1:4590/templates/t.yaml" };
    expect(problems(sandbox)).toEqual([]);
  });
});
