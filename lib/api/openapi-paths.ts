/** The API's operations, described with the same schemas the routes validate with. */
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { json, operation } from "./openapi-operation";
import {
  connectionIdParamsSchema,
  connectionListSchema,
  connectionSchema,
  errorSchema,
  eventListSchema,
  listConnectionsQuerySchema,
  listEventsQuerySchema,
} from "./schemas";

const notFound = { description: "No connection has that id.", content: json(errorSchema) };

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
};
