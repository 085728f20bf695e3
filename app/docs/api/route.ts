import { ApiReference } from "@scalar/nextjs-api-reference";

/** Interactive API reference (Scalar), rendered from /api/v1/openapi.json. */
export const GET = ApiReference({ url: "/api/v1/openapi.json", pageTitle: "rolelink API reference" });
