import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSnsSigningSubject, parseCertificate } from "@/lib/sns/certificates";
import { verifySnsMessage } from "@/lib/sns/verify";
import { CERTIFICATE_PATH } from "./sns-delivery";
import { createSigningIdentity, signEnvelope } from "./sns-signer";

describe("sandbox SNS signer", () => {
  it("creates an RSA 2048 certificate named like AWS's, valid from yesterday for ten years", async () => {
    const identity = await createSigningIdentity();
    const cert = new X509Certificate(identity.certificatePem);
    expect(cert.subject).toBe("CN=sns.amazonaws.com");
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const from = new Date(cert.validFrom).getTime();
    const to = new Date(cert.validTo).getTime();
    expect(Date.now() - from).toBeGreaterThan(23 * 3600_000);
    expect(to - from).toBeGreaterThan(9.9 * 365 * 24 * 3600_000);
  });

  it("passes the app's certificate rules: one PEM certificate, a subject SNS signs with in every region", async () => {
    const certificate = parseCertificate((await createSigningIdentity()).certificatePem);
    expect(certificate.commonName).toBe("sns.amazonaws.com");
    for (const region of ["us-east-1", "eu-west-1", "cn-north-1"]) expect(isSnsSigningSubject(certificate.commonName, region)).toBe(true);
  });

  it.each(["1", "2"] as const)("signs envelopes (version %s) that the production verifier accepts as is", async (version) => {
    const identity = await createSigningIdentity();
    const fields = {
      Type: "Notification" as const,
      MessageId: "6b0f4f27-1b1f-4ad0-8b8d-4ea0e2a0c001",
      TopicArn: "arn:aws:sns:eu-west-1:111111111111:rolelink",
      Subject: "AWS CloudFormation custom resource request",
      Message: JSON.stringify({ RequestType: "Create" }),
      Timestamp: new Date().toISOString(),
      SigningCertURL: new URL(CERTIFICATE_PATH, "http://127.0.0.1:4590/").href,
      UnsubscribeURL: "http://127.0.0.1:4590/sns?Action=Unsubscribe",
    };
    const signed = signEnvelope(fields, identity.privateKeyPem, version);
    expect(signed).toMatchObject({ ...fields, SignatureVersion: version });
    // Over the wire as JSON, served by the sandbox origin: no special path in the verifier.
    const verified = await verifySnsMessage(JSON.parse(JSON.stringify(signed)), {
      fetchCertificate: async () => identity.certificatePem,
      sandboxUrl: "http://127.0.0.1:4590/",
    });
    expect(verified).toMatchObject({ MessageId: fields.MessageId, region: "eu-west-1" });
    // And a different sandbox key is not accepted for it.
    const other = await createSigningIdentity();
    await expect(
      verifySnsMessage(signed, { fetchCertificate: async () => other.certificatePem, sandboxUrl: "http://127.0.0.1:4590/" }),
    ).rejects.toMatchObject({ reason: "bad_signature" });
  });
});
