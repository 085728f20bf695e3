/**
 * The browser's WebAuthn answers (what @simplewebauthn/browser returns), parsed
 * before they reach the verifier: server actions accept any JSON, so a wrong
 * shape is refused here instead of throwing inside the library.
 */
import { z } from "zod";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

const b64url = z
  .string()
  .min(1)
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]+={0,2}$/, "base64url");
const extensionResults = z.record(z.string(), z.unknown()).default({});
const attachment = z.enum(["platform", "cross-platform"]).optional();

export const registrationResponseSchema = z.object({
  id: b64url.max(1024),
  rawId: b64url.max(1024),
  type: z.literal("public-key"),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensionResults,
  response: z.object({
    clientDataJSON: b64url,
    attestationObject: b64url,
    authenticatorData: b64url.optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url.optional(),
  }),
}) satisfies z.ZodType<RegistrationResponseJSON, unknown>;

export const authenticationResponseSchema = z.object({
  id: b64url.max(1024),
  rawId: b64url.max(1024),
  type: z.literal("public-key"),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensionResults,
  response: z.object({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
}) satisfies z.ZodType<AuthenticationResponseJSON, unknown>;

export const passkeyNameSchema = z.string().trim().min(1, "Give this passkey a name.").max(100, "Use at most 100 characters.");
