/**
 * Test helper: records EVERY outbound HTTP request the process makes, through
 * globalThis.fetch (undici) and node:http / node:https (the AWS SDK), so a
 * test can assert where the code under test reached out to. Requests to a
 * non-loopback host are refused before anything leaves the machine (and stay
 * recorded, so the test fails on them). A test may also intercept fetch calls
 * to play a faulty peer (a ResponseURL answering 500, a captured delivery).
 */
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";

export interface OutboundRequest {
  via: "fetch" | "http" | "https";
  method: string;
  url: string;
  /** `protocol//host[:port]`, as URL.origin gives it. */
  origin: string;
  hostname: string;
  blocked: boolean;
}

export interface FetchCall {
  url: URL;
  method: string;
  headers: Headers;
  body: RequestInit["body"];
}

/** Answer a fetch call yourself (a Response), or return undefined to let it through. */
export type FetchInterceptor = (call: FetchCall) => Response | undefined | Promise<Response | undefined>;

export interface OutboundRecorder {
  readonly requests: OutboundRequest[];
  /** The recorded requests whose origin is not one of `allowedOrigins`. */
  outside(allowedOrigins: readonly string[]): OutboundRequest[];
  intercept(interceptor: FetchInterceptor | undefined): void;
  clear(): void;
  restore(): void;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export class OutboundBlockedError extends Error {
  constructor(url: string) {
    super(`outbound request to a non-loopback host refused by the test recorder: ${url}`);
    this.name = "OutboundBlockedError";
  }
}

type RequestArgs = [
  url: string | URL | http.RequestOptions,
  options?: http.RequestOptions | ((res: http.IncomingMessage) => void),
  callback?: (res: http.IncomingMessage) => void,
];

/** Where an http.request(...) call goes, from its (url, options) arguments. */
function targetOf(args: RequestArgs, defaultProtocol: string): URL {
  const [first, second] = args;
  const options = typeof first === "object" && !(first instanceof URL) ? first : typeof second === "object" ? second : {};
  if (typeof first === "string" || first instanceof URL) return new URL(String(first));
  const protocol = options.protocol ?? defaultProtocol;
  const host = options.hostname ?? options.host ?? "localhost";
  const url = new URL(`${protocol}//${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}`);
  if (options.port) url.port = String(options.port);
  url.pathname = (options.path ?? "/").split("?")[0] ?? "/";
  return url;
}

export function recordOutbound(): OutboundRecorder {
  const requests: OutboundRequest[] = [];
  let interceptor: FetchInterceptor | undefined;

  const realFetch = globalThis.fetch;
  const real = { httpRequest: http.request, httpGet: http.get, httpsRequest: https.request, httpsGet: https.get };

  function note(via: OutboundRequest["via"], method: string, url: URL): OutboundRequest {
    const entry = {
      via,
      method: method.toUpperCase(),
      url: url.href,
      origin: url.origin,
      hostname: url.hostname,
      blocked: !LOOPBACK.has(url.hostname),
    };
    requests.push(entry);
    return entry;
  }

  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const entry = note("fetch", method, url);
    if (entry.blocked) throw new TypeError("fetch failed", { cause: new OutboundBlockedError(url.href) });
    if (interceptor) {
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      const answer = await interceptor({ url, method: entry.method, headers, body: init?.body });
      if (answer) return answer;
    }
    return realFetch(input, init);
  };

  function wrap(via: "http" | "https", original: typeof http.request): typeof http.request {
    return (...args: RequestArgs) => {
      const url = targetOf(args, `${via}:`);
      const options =
        typeof args[0] === "object" && !(args[0] instanceof URL) ? args[0] : typeof args[1] === "object" ? args[1] : undefined;
      const entry = note(via, options?.method ?? "GET", url);
      if (entry.blocked) {
        // Name resolution fails, so the request errors the way an unreachable host does; nothing is sent.
        const blockLookup = ((_host: string, _opts: unknown, callback: (error: Error) => void) =>
          callback(new OutboundBlockedError(url.href))) as unknown as http.RequestOptions["lookup"];
        const patched: http.RequestOptions = {
          ...(options ?? {}),
          lookup: blockLookup,
          hostname: "blocked.invalid",
          host: "blocked.invalid",
        };
        return original(patched, ...(args.slice(typeof args[1] === "object" ? 2 : 1) as []));
      }
      return (original as (...a: RequestArgs) => http.ClientRequest)(...args);
    };
  }

  http.request = wrap("http", real.httpRequest);
  https.request = wrap("https", real.httpsRequest);
  http.get = (...args: RequestArgs) => {
    const req = (http.request as (...a: RequestArgs) => http.ClientRequest)(...args);
    req.end();
    return req;
  };
  https.get = (...args: RequestArgs) => {
    const req = (https.request as unknown as (...a: RequestArgs) => http.ClientRequest)(...args);
    req.end();
    return req;
  };
  // Named ESM imports (`import { request } from "node:http"`) see the wrappers too.
  syncBuiltinESMExports();

  return {
    requests,
    outside: (allowedOrigins) => requests.filter((r) => !allowedOrigins.includes(r.origin)),
    intercept(next) {
      interceptor = next;
    },
    clear() {
      requests.length = 0;
    },
    restore() {
      globalThis.fetch = realFetch;
      Object.assign(http, { request: real.httpRequest, get: real.httpGet });
      Object.assign(https, { request: real.httpsRequest, get: real.httpsGet });
      syncBuiltinESMExports();
    },
  };
}
