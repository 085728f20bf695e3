/**
 * The Organizations read API over AWS's JSON 1.1 protocol (X-Amz-Target
 * `AWSOrganizationsV20161128.<Action>`), as rolelink calls it with the
 * management role's temporary credentials. Authorized as AWS does: the caller
 * must be the organization's management account (DescribeOrganization: any
 * account in it), and the caller's role statements must allow the action.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { QueryError, signedCallerOf } from "./aws-query";
import { BodyTooLargeError, readBody, send } from "./http-util";
import { evaluate } from "./iam-policy";
import type { Organization, OrgAccount, SandboxOrganizations } from "./org-model";
import { identifyCaller, type CallerIdentity } from "./sts-callers";
import type { StsState } from "./sts-state";

const TARGET_PREFIX = "AWSOrganizationsV20161128.";
/** Organizations pages at most 20 accounts (ListAccounts, ListAccountsForParent). */
const MAX_PAGE = 20;

class OrgApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
  ) {
    super(message);
  }
}

const pageSchema = z.object({ MaxResults: z.number().int().min(1).max(MAX_PAGE).optional(), NextToken: z.string().max(100).optional() });
const accountIdSchema = z.object({ AccountId: z.string().regex(/^\d{12}$/) });
const parentSchema = pageSchema.extend({ ParentId: z.string().regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/) });
const childSchema = z.object({ ChildId: z.string().regex(/^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/) });

const arn = (org: Organization, kind: string, id?: string) =>
  `arn:aws:organizations::${org.managementAccountId}:${kind}/${org.id}${id === undefined ? "" : `/${id}`}`;
const seconds = (date: Date) => date.getTime() / 1000;

function accountShape(org: Organization, account: OrgAccount) {
  return {
    Id: account.id,
    Arn: arn(org, "account", account.id),
    Email: account.email,
    Name: account.name,
    Status: "ACTIVE",
    State: "ACTIVE",
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: seconds(account.joinedAt),
  };
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new OrgApiError(
      "InvalidInputException",
      `You provided a value that does not match the required pattern: ${parsed.error.issues[0]?.path.join(".") ?? ""}`,
    );
  return parsed.data;
}

/** A page of `items`: NextToken is the next offset, opaque to the caller. */
function page<T>(items: T[], input: z.infer<typeof pageSchema>): { items: T[]; NextToken?: string } {
  const start = input.NextToken === undefined ? 0 : Number(Buffer.from(input.NextToken, "base64url").toString("utf8"));
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw new OrgApiError("InvalidInputException", "The NextToken value is not valid.");
  const end = start + (input.MaxResults ?? MAX_PAGE);
  return { items: items.slice(start, end), ...(end < items.length ? { NextToken: Buffer.from(String(end)).toString("base64url") } : {}) };
}

export function createOrganizationsApiHandler(deps: { organizations: SandboxOrganizations; sts: StsState }) {
  const { organizations } = deps;

  /** The caller's organization, after IAM allowed the action; member accounts only for `anyMember` actions. */
  function authorize(caller: CallerIdentity, action: string, anyMember = false): Organization {
    const org = organizations.organizationOf(caller.accountId);
    if (!org) throw new OrgApiError("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
    if (
      evaluate(caller.statements, `organizations:${action}`, "*") !== "allowed" ||
      (!anyMember && caller.accountId !== org.managementAccountId)
    ) {
      throw new OrgApiError("AccessDeniedException", "You don't have permissions to access this resource.");
    }
    return org;
  }

  const actions: Record<string, (caller: CallerIdentity, input: unknown) => unknown> = {
    DescribeOrganization(caller) {
      const org = authorize(caller, "DescribeOrganization", true);
      return {
        Organization: {
          Id: org.id,
          Arn: arn(org, "organization"),
          FeatureSet: "ALL",
          MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
          MasterAccountId: org.managementAccountId,
          MasterAccountEmail: org.accounts.get(org.managementAccountId)?.email,
          AvailablePolicyTypes: [],
        },
      };
    },
    ListRoots(caller, input) {
      const org = authorize(caller, "ListRoots");
      const { items, NextToken } = page(
        [{ Id: org.rootId, Arn: arn(org, "root", org.rootId), Name: "Root", PolicyTypes: [] }],
        parse(pageSchema, input),
      );
      return { Roots: items, NextToken };
    },
    ListAccounts(caller, input) {
      const org = authorize(caller, "ListAccounts");
      const { items, NextToken } = page([...org.accounts.values()], parse(pageSchema, input));
      return { Accounts: items.map((a) => accountShape(org, a)), NextToken };
    },
    DescribeAccount(caller, input) {
      const org = authorize(caller, "DescribeAccount");
      const account = org.accounts.get(parse(accountIdSchema, input).AccountId);
      if (!account) throw new OrgApiError("AccountNotFoundException", "You specified an account that doesn't exist.");
      return { Account: accountShape(org, account) };
    },
    ListAccountsForParent(caller, input) {
      const org = authorize(caller, "ListAccountsForParent");
      const request = parse(parentSchema, input);
      knownParent(org, request.ParentId);
      const { items, NextToken } = page(
        [...org.accounts.values()].filter((a) => a.parentId === request.ParentId),
        request,
      );
      return { Accounts: items.map((a) => accountShape(org, a)), NextToken };
    },
    ListOrganizationalUnitsForParent(caller, input) {
      const org = authorize(caller, "ListOrganizationalUnitsForParent");
      const request = parse(parentSchema, input);
      knownParent(org, request.ParentId);
      const { items, NextToken } = page(
        [...org.units.values()].filter((u) => u.parentId === request.ParentId),
        request,
      );
      return { OrganizationalUnits: items.map((u) => ({ Id: u.id, Arn: arn(org, "ou", u.id), Name: u.name })), NextToken };
    },
    ListParents(caller, input) {
      const org = authorize(caller, "ListParents");
      const { ChildId } = parse(childSchema, input);
      const parentId = org.accounts.get(ChildId)?.parentId ?? org.units.get(ChildId)?.parentId;
      if (!parentId)
        throw new OrgApiError(
          "ChildNotFoundException",
          "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
        );
      return { Parents: [{ Id: parentId, Type: parentId === org.rootId ? "ROOT" : "ORGANIZATIONAL_UNIT" }] };
    },
  };

  function knownParent(org: Organization, parentId: string): void {
    if (parentId !== org.rootId && !org.units.has(parentId))
      throw new OrgApiError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (req.method !== "POST") throw new OrgApiError("UnknownOperationException", "Only POST is supported", 405);
      const target = String(req.headers["x-amz-target"] ?? "");
      const action = target.startsWith(TARGET_PREFIX) ? actions[target.slice(TARGET_PREFIX.length)] : undefined;
      if (!action) throw new OrgApiError("UnknownOperationException", `Unknown operation ${target}`);
      let input: unknown;
      try {
        const body = await readBody(req, 64 * 1024);
        input = body === "" ? {} : JSON.parse(body);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new OrgApiError("SerializationException", "Request too large", 413);
        throw new OrgApiError("SerializationException", "The request body is not valid JSON.");
      }
      const caller = identifyCaller(deps.sts, signedCallerOf(req));
      send(res, 200, "application/x-amz-json-1.1", JSON.stringify(action(caller, input)));
    } catch (error) {
      const known =
        error instanceof OrgApiError
          ? error
          : error instanceof QueryError
            ? new OrgApiError(error.code, error.message, error.status)
            : undefined;
      const { code, message, status } = known ?? new OrgApiError("ServiceException", "internal error", 500);
      res.setHeader("x-amzn-ErrorType", code);
      send(res, status, "application/x-amz-json-1.1", JSON.stringify({ __type: code, Message: message }));
    }
  };
}
