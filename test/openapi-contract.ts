/**
 * Contract checks: a real response is validated against the schema the
 * OpenAPI document declares for its operation and status (draft 2020-12).
 */
import { Validator } from "@cfworker/json-schema";
import { openApiDocument } from "@/lib/api/openapi";

type Doc = ReturnType<typeof openApiDocument>;
type Operation = { responses?: Record<string, { content?: Record<string, { schema?: object }> }> };

export function operationsOf(doc: Doc = openApiDocument()): string[] {
  const keys: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ["get", "post", "put", "patch", "delete"] as const) {
      if ((item as Record<string, unknown>)[method]) keys.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return keys.sort();
}

/** Throws with the validator's errors when the body does not match the documented response. */
export function assertMatchesDocument(operationKey: string, status: number, body: unknown, doc: Doc = openApiDocument()): void {
  const [method, path] = operationKey.split(" ") as [string, string];
  const operation = (doc.paths?.[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];
  if (!operation) throw new Error(`${operationKey} is not in the OpenAPI document`);
  const schema = operation.responses?.[String(status)]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`${operationKey} does not document a JSON ${status} response`);
  // $refs point at #/components/schemas/…: resolve them inside one root object.
  const validator = new Validator({ ...schema, components: doc.components }, "2020-12", false);
  const result = validator.validate(body);
  if (!result.valid)
    throw new Error(`${operationKey} ${status} does not match the document:\n${JSON.stringify(result.errors.slice(0, 5), null, 2)}`);
}
