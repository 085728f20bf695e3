/**
 * JSON API for the console and the tests to shape a sandbox organization:
 * create one, add OUs and accounts, move or remove accounts (auto-deployment
 * follows), turn trusted access for StackSets on or off, and read StackSets
 * with their per-account instances. Writes require a JSON body, so a
 * cross-site form cannot drive them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { BodyTooLargeError, readBody, sendJson } from "../http-util";
import { OrgError, type Organization, type SandboxOrganizations } from "../org-model";
import type { SandboxStackSets, StackSet } from "../stack-sets";

export interface OrgStatusApiState {
  organizations: SandboxOrganizations;
  stackSets: SandboxStackSets;
}

const ACCOUNT = z.string().regex(/^\d{12}$/);
const PARENT = z.string().regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/);
const NAME = z.string().min(1).max(50);

const createSchema = z.object({ managementAccountId: ACCOUNT, name: NAME.optional(), stackSetsTrustedAccess: z.boolean().optional() });
const unitSchema = z.object({ parentId: PARENT, name: NAME });
const accountSchema = z.object({
  id: ACCOUNT.optional(),
  name: NAME,
  parentId: PARENT.optional(),
  joinedMethod: z.enum(["CREATED", "INVITED"]).optional(),
});
const moveSchema = z.object({ destinationParentId: PARENT });
const trustedAccessSchema = z.object({ enabled: z.boolean() });

function organizationJson(org: Organization) {
  return {
    id: org.id,
    managementAccountId: org.managementAccountId,
    rootId: org.rootId,
    stackSetsTrustedAccess: org.stackSetsTrustedAccess,
    units: [...org.units.values()],
    accounts: [...org.accounts.values()],
  };
}

function stackSetJson(set: StackSet) {
  const { instances, ...rest } = set;
  return { ...rest, instances: [...instances.values()] };
}

async function body<T>(req: IncomingMessage, res: ServerResponse, schema: z.ZodType<T>): Promise<T | undefined> {
  if ((req.headers["content-type"] ?? "").split(";")[0]?.trim() !== "application/json") {
    sendJson(res, 415, { error: "unsupported_media_type", message: "send application/json" });
    return undefined;
  }
  let parsed: z.ZodSafeParseResult<T>;
  try {
    parsed = schema.safeParse(JSON.parse(await readBody(req, 16 * 1024)));
  } catch (error) {
    sendJson(res, 400, { error: "ValidationError", message: error instanceof BodyTooLargeError ? "request too large" : "invalid JSON" });
    return undefined;
  }
  if (!parsed.success) {
    sendJson(res, 400, {
      error: "ValidationError",
      message: `${parsed.error.issues[0]?.path.join(".") ?? "body"}: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    });
    return undefined;
  }
  return parsed.data;
}

function answer(res: ServerResponse, status: number, run: () => unknown): void {
  try {
    sendJson(res, status, run());
  } catch (error) {
    if (error instanceof OrgError) return sendJson(res, 400, { error: error.code, message: error.message });
    throw error;
  }
}

/** Handles /api/organizations/** and /api/stack-sets/**; false when the path is not one of them. */
export async function handleOrgStatusApi(req: IncomingMessage, res: ServerResponse, url: URL, state: OrgStatusApiState): Promise<boolean> {
  const [resource, id, sub, subId, action] = url.pathname.split("/").slice(2).map(decodeURIComponent);
  const method = req.method ?? "GET";
  const { organizations, stackSets } = state;
  const reply = (status: number, value: unknown): true => {
    sendJson(res, status, value);
    return true;
  };
  const notFound = () => reply(404, { error: "not_found" });

  if (resource === "stack-sets" && method === "GET") {
    if (id === undefined) return reply(200, { stackSets: stackSets.list().map(stackSetJson) });
    const set = stackSets.get(id);
    return set ? reply(200, { stackSet: stackSetJson(set) }) : notFound();
  }
  if (resource !== "organizations") return false;

  if (id === undefined) {
    if (method === "GET") return reply(200, { organizations: [...organizations.organizations.values()].map(organizationJson) });
    if (method === "POST") {
      const input = await body(req, res, createSchema);
      if (input) answer(res, 201, () => ({ organization: organizationJson(organizations.create(input)) }));
      return true;
    }
  }
  const org = id === undefined ? undefined : organizations.get(id);
  if (!org) return notFound();
  if (sub === undefined && method === "GET") return reply(200, { organization: organizationJson(org) });
  if (method !== "POST") return notFound();

  if (sub === "units" && subId === undefined) {
    const input = await body(req, res, unitSchema);
    if (input) answer(res, 201, () => ({ unit: organizations.createUnit(org.id, input) }));
  } else if (sub === "accounts" && subId === undefined) {
    const input = await body(req, res, accountSchema);
    if (input) answer(res, 201, () => ({ account: organizations.addAccount(org.id, input) }));
  } else if (sub === "accounts" && subId !== undefined && action === "move") {
    const input = await body(req, res, moveSchema);
    if (input) answer(res, 200, () => ({ account: organizations.moveAccount(org.id, { accountId: subId, ...input }) }));
  } else if (sub === "accounts" && subId !== undefined && action === "remove") {
    const input = await body(req, res, z.object({}));
    if (input) {
      answer(res, 200, () => {
        organizations.removeAccount(org.id, subId);
        return { removed: subId };
      });
    }
  } else if (sub === "trusted-access" && subId === undefined) {
    const input = await body(req, res, trustedAccessSchema);
    if (input) {
      answer(res, 200, () => {
        organizations.setTrustedAccess(org.id, input.enabled);
        return { organization: organizationJson(org) };
      });
    }
  } else notFound();
  return true;
}
