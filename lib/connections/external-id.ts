import { randomBytes } from "node:crypto";

/**
 * A new External ID: 192 random bits, base64url (only characters STS allows:
 * [\w+=,.@:/-]). Always generated here, never taken from the customer.
 */
export function generateExternalId(): string {
  return `rl-${randomBytes(24).toString("base64url")}`;
}

export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
