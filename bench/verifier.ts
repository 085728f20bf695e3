/**
 * Benchmark 2: verifySnsMessage (certificate cached through an injected
 * fetcher, clock fixed) against AWS's sns-validator package (its one
 * certificate fetch answered from memory) and against the floor: crypto.verify
 * with a cached public key on the same string to sign. Same messages for all
 * three, interleaved rounds, median of the rounds.
 */
import { EventEmitter } from "node:events";
import { createPublicKey, verify as cryptoVerify, type KeyObject } from "node:crypto";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import type { SnsNotification } from "@/lib/sns/envelope";
import { snsStringToSign } from "@/lib/sns/string-to-sign";
import { verifySnsMessage, type VerifySnsOptions } from "@/lib/sns/verify";
import { createSigningIdentity, signEnvelope, type SigningIdentity } from "@/sandbox/sns-signer";
import { pick } from "./support/budget";
import type { BenchResult } from "./support/report";
import { median, opsPerSecond, round } from "./support/stats";
import { BENCH_TOPIC_ARN, signedRequestNotification } from "./support/sns-messages";

const require = createRequire(import.meta.url);

type Validator = { validate(message: unknown, cb: (error: Error | null) => void): void };
type ValidatorConstructor = new () => Validator;

const CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";

/**
 * sns-validator fetches its certificate with https.get (AWS hosts only) and
 * caches the PEM text: answer that one fetch from memory, then put https back.
 */
function serveValidatorCertificate(pem: string): { fetches: string[]; restore(): void } {
  const https = require("node:https") as { get: unknown };
  const original = https.get;
  const fetches: string[] = [];
  https.get = (url: string, callback: (res: Readable & { statusCode: number }) => void) => {
    fetches.push(String(url));
    const response = Object.assign(Readable.from([Buffer.from(pem)]), { statusCode: 200 });
    queueMicrotask(() => callback(response));
    return new EventEmitter();
  };
  return { fetches, restore: () => (https.get = original) };
}

function validatorVerdict(validator: Validator, message: SnsNotification): Promise<boolean> {
  return new Promise((resolve) => validator.validate({ ...message }, (error) => resolve(error === null)));
}

function floorVerdict(key: KeyObject, message: SnsNotification): boolean {
  return cryptoVerify("sha256", Buffer.from(snsStringToSign(message), "utf8"), key, Buffer.from(message.Signature, "base64"));
}

/** Signed messages altered after signing, as an attacker would (each must be refused by all three). */
function tampered(identity: SigningIdentity, message: SnsNotification): Array<[string, SnsNotification]> {
  const flipped = Buffer.from(message.Signature, "base64");
  flipped[10] = (flipped[10] ?? 0) ^ 0x01;
  // Signed correctly, but by another key: only the certificate ties a signature to AWS.
  const otherKey = signEnvelope({ ...message, Message: message.Message }, identity.privateKeyPem);
  return [
    ["Message changed", { ...message, Message: message.Message.replace("Create", "Delete") }],
    ["MessageId changed", { ...message, MessageId: message.MessageId.replace(/^./, (c) => (c === "a" ? "b" : "a")) }],
    ["Subject dropped", { ...message, Subject: undefined }],
    ["Timestamp moved 1 s", { ...message, Timestamp: new Date(Date.parse(message.Timestamp) + 1000).toISOString() }],
    ["signature bit flipped", { ...message, Signature: flipped.toString("base64") }],
    ["signed by another key", otherKey],
  ];
}

export async function runVerifierBench(): Promise<BenchResult> {
  const started = Date.now();
  const [identity, stranger] = await Promise.all([createSigningIdentity(), createSigningIdentity()]);
  const now = new Date();
  const messages = Array.from({ length: 256 }, (_, i) =>
    signedRequestNotification(identity, {
      topicArn: BENCH_TOPIC_ARN,
      accountId: String(200000000000 + i),
      externalId: `rl-bench-${i}`,
      certUrl: CERT_URL,
      timestamp: now,
    }),
  );
  let ourFetches = 0;
  const options: VerifySnsOptions = {
    fetchCertificate: () => {
      ourFetches++;
      return Promise.resolve(identity.certificatePem);
    },
    now,
    allowedTopics: [BENCH_TOPIC_ARN],
    sandboxUrl: undefined,
    minSignatureVersion: "2",
  };
  const floorKey = createPublicKey(identity.certificatePem);
  const MessageValidator = require("sns-validator") as ValidatorConstructor;
  const validator = new MessageValidator();
  const intercept = serveValidatorCertificate(identity.certificatePem);

  const ours = async (m: SnsNotification) =>
    verifySnsMessage(m, options).then(
      () => true,
      () => false,
    );
  const theirs = (m: SnsNotification) => validatorVerdict(validator, m);
  const floor = (m: SnsNotification) => floorVerdict(floorKey, m);

  // Verdicts first (this also warms both certificate caches).
  const disagreements: string[] = [];
  let validChecked = 0;
  let tamperedChecked = 0;
  try {
    for (const message of messages.slice(0, 32)) {
      const verdicts = [await ours(message), await theirs(message), floor(message)];
      validChecked++;
      if (verdicts.some((v) => !v)) disagreements.push(`valid ${message.MessageId}: ${verdicts.join("/")}`);
      const forgeries = tampered(stranger, message);
      for (const [kind, forged] of forgeries) {
        const v = [await ours(forged), await theirs(forged), floor(forged)];
        tamperedChecked++;
        if (v.some(Boolean)) disagreements.push(`${kind}: ours=${v[0]} sns-validator=${v[1]} floor=${v[2]}`);
      }
    }
  } finally {
    intercept.restore();
  }

  const sliceMs = pick(1_500, 400);
  const rounds = pick(3, 2);
  const runs: Record<"floor" | "ours" | "validator", number[]> = { floor: [], ours: [], validator: [] };
  const at = (i: number) => messages[i % messages.length]!;
  for (let r = 0; r < rounds; r++) {
    runs.floor.push(await opsPerSecond((i) => floor(at(i)), sliceMs));
    runs.ours.push(await opsPerSecond((i) => verifySnsMessage(at(i), options), sliceMs));
    runs.validator.push(await opsPerSecond((i) => validatorVerdict(validator, at(i)), sliceMs));
  }
  const floorOps = median(runs.floor);
  const oursOps = median(runs.ours);
  const validatorOps = median(runs.validator);
  const verdictsEqual = disagreements.length === 0;
  return {
    name: "verifier",
    title: "SNS signature verification (in process)",
    durationMs: Date.now() - started,
    figures: [
      { metric: "floor: crypto.verify, cached key", value: Math.round(floorOps), unit: "ops/s" },
      {
        metric: "verifySnsMessage",
        value: Math.round(oursOps),
        unit: "ops/s",
        baseline: { label: "floor", value: Math.round(floorOps), unit: "ops/s" },
        ratio: round(oursOps / floorOps, 3),
        target: "≥ 0.8 × floor",
        met: oursOps / floorOps >= 0.8,
      },
      {
        metric: "sns-validator 0.3.5",
        value: Math.round(validatorOps),
        unit: "ops/s",
        baseline: { label: "floor", value: Math.round(floorOps), unit: "ops/s" },
        ratio: round(validatorOps / floorOps, 3),
      },
      { metric: "verifySnsMessage ÷ sns-validator", value: round(oursOps / validatorOps, 2), unit: "×" },
      {
        metric: "equal verdicts (valid + tampered)",
        value: `${validChecked} valid, ${tamperedChecked} tampered`,
        target: "all equal",
        met: verdictsEqual,
      },
    ],
    details: {
      rounds: runs,
      sliceMs,
      certificateFetches: { verifySnsMessage: ourFetches, snsValidator: intercept.fetches.length },
      disagreements,
      tamperKinds: tampered(stranger, messages[0]!).map(([kind]) => kind),
    },
  };
}
