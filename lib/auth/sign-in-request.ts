/**
 * What the sign-in route and authorize() tell each other about one request.
 * next-auth hands authorize() only the headers and turns every error into the
 * same answer (an error message in a URL), so:
 *  - the route reads the browser's device cookie and passes it in;
 *  - a refusal the caller should retry later (a limit, a busy server) is
 *    recorded, so the route answers 429 with Retry-After;
 *  - a successful sign-in records the browser's new device token, which the
 *    route sets as a cookie on the answer.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface SignInRequest {
  /** In: the device cookie the browser sent. */
  deviceToken?: string | null;
  /** Out: a limit or busy server refused; retry after this long. */
  retryAfterSeconds?: number;
  /** Out: signed in; remember this browser with this token. */
  issuedDeviceToken?: string;
}

export const signInRequests = new AsyncLocalStorage<SignInRequest>();

export function currentSignInRequest(): SignInRequest {
  return signInRequests.getStore() ?? {};
}
