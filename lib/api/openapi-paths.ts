/** The API's operations, described with the same schemas the routes validate with. */
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { json, operation } from "./openapi-operation";
import {
  connectionIdParamsSchema,
  connectionListSchema,
  connectionSchema,
  credentialsSchema,
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
};
