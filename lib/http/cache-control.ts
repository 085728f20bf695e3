/**
 * Cache-Control for small JSON answers (SNS, health, sign-in, the API): never
 * stored, and not compressed. `next start` gzips a route handler's answer even
 * when it is a few hundred bytes (the body is a stream, so the compression
 * module's 1 KB threshold never applies): a fresh zlib state per response,
 * which took about 8 % of the server's CPU during the sign-in flood benchmark,
 * to save a few bytes. no-transform is the directive that module (and any
 * proxy) honours.
 */
export const NO_STORE_UNCOMPRESSED = "no-store, no-transform";
