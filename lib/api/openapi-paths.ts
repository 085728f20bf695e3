/** The API's operations, described with the same schemas the routes validate with. */
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { endpointInputSchema } from "@/lib/webhooks/endpoints";
import { json, operation } from "./openapi-operation";
import {
  connectionIdParamsSchema,
  connectionListSchema,
  connectionSchema,
  createConnectionBodySchema,
  createdConnectionSchema,
  credentialsSchema,
  verifyResultSchema,
  webhookEndpointListSchema,
  webhookIdParamsSchema,
  webhookSecretSchema,
  errorSchema,
  eventListSchema,
  listConnectionsQuerySchema,
  listEventsQuerySchema,
  issueCredentialsBodySchema,
} from "./schemas";

const notFound = { description: "No connection has that id.", content: json(errorSchema) };
const error = (description: string) => ({ description, content: json(errorSchema) });

export const API_PATHS: ZodOpenApiPathsObject = {
  "/connections": {
    get: operation("connections:read", {
      operationId: "listConnections",
      summary: "List connections",
      description: "Newest first, cursor-paginated; filters combine.",
      requestParams: { query: listConnectionsQuerySchema },
      responses: { "200": { description: "A page of connections.", content: json(connectionListSchema) } },
    }),
    post: operation("connections:write", {
      operationId: "createConnection",
      summary: "Create a pending link for a customer's account",
      description:
        "Returns the launch link and CLI command to hand to your customer. Idempotent: the same account, region and externalRef return the same pending link (200 instead of 201).",
      requestBody: { content: json(createConnectionBodySchema) },
      responses: {
        "200": { description: "The existing pending link.", content: json(createdConnectionSchema) },
        "201": { description: "A new pending link.", content: json(createdConnectionSchema) },
        "409": error("The key's creator no longer exists."),
        "503": error("rolelink could not prepare its side (SNS); retry later."),
      },
    }),
  },
  "/connections/{id}": {
    get: operation("connections:read", {
      operationId: "getConnection",
      summary: "Get a connection",
      requestParams: { path: connectionIdParamsSchema },
      responses: { "200": { description: "The connection.", content: json(connectionSchema) }, "404": notFound },
    }),
  },
  "/connections/{id}/events": {
    get: operation("connections:read", {
      operationId: "listConnectionEvents",
      summary: "A connection's timeline",
      requestParams: { path: connectionIdParamsSchema, query: listEventsQuerySchema },
      responses: { "200": { description: "A page of events, newest first.", content: json(eventListSchema) }, "404": notFound },
    }),
  },
  "/connections/{id}/verify": {
    post: operation("connections:verify", {
      operationId: "verifyConnection",
      summary: "Prove access to a connection now",
      description:
        "AssumeRole with the External ID and GetCallerIdentity; a connected account whose role fails becomes broken, a broken one that works again connected.",
      requestParams: { path: connectionIdParamsSchema },
      responses: {
        "200": { description: "The outcome (ok true or false) and the connection afterwards.", content: json(verifyResultSchema) },
        "404": notFound,
        "409": error("The connection has no active role to verify."),
      },
    }),
  },
  "/connections/{id}/credentials": {
    post: operation("credentials:issue", {
      operationId: "issueCredentials",
      summary: "Get temporary AWS credentials for a connection",
      description:
        "Assumes the connection's role with its External ID (which never leaves rolelink) and a SourceIdentity naming your key " +
        "(`rolelink-key-<prefix>`, shown in the customer's CloudTrail). Every issue is audited; the credentials are never stored or logged. " +
        "Rate-limited per key. The response is in the AWS CLI `credential_process` format.",
      requestParams: { path: connectionIdParamsSchema },
      requestBody: { content: json(issueCredentialsBodySchema) },
      responses: {
        "200": { description: "Credentials, valid until Expiration.", content: json(credentialsSchema) },
        "404": notFound,
        "409": error("The connection is not connected, or AWS refused its role."),
        "429": error("Too many credential requests for this key; see Retry-After."),
        "503": error("AWS STS is throttling or unreachable; retry later."),
      },
    }),
  },
  "/webhooks": {
    get: operation("webhooks:manage", {
      operationId: "listWebhookEndpoints",
      summary: "List webhook endpoints",
      responses: { "200": { description: "Endpoints (without secrets).", content: json(webhookEndpointListSchema) } },
    }),
    post: operation("webhooks:manage", {
      operationId: "createWebhookEndpoint",
      summary: "Register a webhook endpoint",
      description:
        "Deliveries are signed per the Standard Webhooks specification with the returned secret, shown only here. https only in production; private and loopback addresses are refused.",
      requestBody: { content: json(endpointInputSchema.strict().meta({ id: "CreateWebhookEndpointRequest" })) },
      responses: { "201": { description: "The endpoint and its signing secret.", content: json(webhookSecretSchema) } },
    }),
  },
  "/webhooks/{id}": {
    delete: operation("webhooks:manage", {
      operationId: "deleteWebhookEndpoint",
      summary: "Remove a webhook endpoint",
      requestParams: { path: webhookIdParamsSchema },
      responses: {
        "204": { description: "Removed; its pending deliveries are dropped." },
        "404": error("No webhook endpoint has that id."),
      },
    }),
  },
  "/webhooks/{id}/rotate": {
    post: operation("webhooks:manage", {
      operationId: "rotateWebhookSecret",
      summary: "Rotate an endpoint's signing secret",
      description: "Returns a new secret; the previous one keeps signing alongside it for 24 hours (two signatures in webhook-signature).",
      requestParams: { path: webhookIdParamsSchema },
      responses: {
        "200": { description: "The endpoint and its new secret.", content: json(webhookSecretSchema) },
        "404": error("No webhook endpoint has that id."),
      },
    }),
  },
};
