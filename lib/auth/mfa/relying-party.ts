/**
 * Who we are to WebAuthn: the RP ID is APP_URL's host name and the only
 * accepted origin is APP_URL's origin, so a passkey made here works nowhere
 * else and an assertion made for another site is refused.
 */
import { getEnv } from "@/lib/env";

export interface RelyingParty {
  rpID: string;
  rpName: string;
  origin: string;
}

export function relyingParty(appUrl = getEnv().APP_URL): RelyingParty {
  const url = new URL(appUrl);
  return { rpID: url.hostname, rpName: "rolelink", origin: url.origin };
}
