/**
 * What the customer's own account must confirm before a request is believed.
 * One row per refusal; removing any refusal from judge-stack.ts fails a row.
 */
import { describe, expect, it } from "vitest";
import type { StackView } from "@/lib/aws/stack-reader";
import {
  CONFIRMABLE_SINCE,
  confirmationDetail,
  EXPECTED_STACK_STATES,
  isOlderThanConfirmable,
  judgeStack,
  type RequestType,
} from "./judge-stack";

const EXTERNAL_ID = "rl-0b5e4a9c-ext";
const LOGICAL_ID = "PhoneHome";

const found = (status: string, overrides: Partial<Extract<StackView, { kind: "found" }>> = {}): StackView => ({
  kind: "found",
  status,
  parameters: { ExternalId: EXTERNAL_ID, TrustedAccount: "111111111111" },
  resource: { status: "CREATE_IN_PROGRESS", physicalResourceId: null },
  ...overrides,
});

/** Judged as a current template (CONFIRMABLE_SINCE) unless a version is passed, undefined included. */
const judge = (requestType: RequestType, view: StackView, ...version: [string | null | undefined] | []) =>
  judgeStack({
    requestType,
    view,
    externalId: EXTERNAL_ID,
    logicalResourceId: LOGICAL_ID,
    templateVersion: version.length ? version[0] : CONFIRMABLE_SINCE,
  });

const NOT_READABLE = "rolelink could not read this stack with the role it created. Use the unmodified rolelink template.";
const EXTERNAL_ID_MISMATCH =
  "The stack's ExternalId parameter is not the one rolelink issued for this link. Launch the stack again without editing its parameters.";

describe("isOlderThanConfirmable", () => {
  it.each<[string | null | undefined, boolean]>([
    [null, true],
    [undefined, true],
    ["", true],
    ["0.9.0", true],
    ["1.0.0", true],
    ["1.0.9", true],
    ["1", true],
    ["1.0", true],
    ["not-a-version", true],
    ["1.1.0", false],
    ["1.1", false],
    ["1.1.1", false],
    ["1.2.0", false],
    ["1.10.0", false],
    ["2.0.0", false],
    ["2", false],
    ["10.0.0", false],
  ])("%j → %s", (version, older) => {
    expect(isOlderThanConfirmable(version)).toBe(older);
  });

  it('compares numerically, not as text (as text, "1.10.0" < "1.9.0")', () => {
    expect(isOlderThanConfirmable("1.0.10")).toBe(true);
    expect(isOlderThanConfirmable("1.10.0")).toBe(false);
  });
});

describe("judgeStack when the stack could not be seen", () => {
  it.each<[string | null | undefined]>([[null], [undefined], [""], ["1.0.0"], ["1.0.9"]])(
    "accepts a denied describe from a template older than %j on the legacy check",
    (version) => {
      expect(judge("Create", { kind: "denied" }, version)).toEqual({ ok: true, level: "legacy" });
    },
  );

  it.each<[string]>([["1.1.0"], ["1.1.1"], ["1.10.0"], ["2.0.0"]])(
    "refuses a denied describe from a template %s, whose role may describe its stack",
    (version) => {
      expect(judge("Create", { kind: "denied" }, version)).toEqual({ ok: false, check: "stack_not_readable", reason: NOT_READABLE });
    },
  );

  it.each<[RequestType]>([["Create"], ["Update"], ["Delete"]])("refuses a stack the account never had (%s)", (type) => {
    expect(judge(type, { kind: "not_found" })).toEqual({
      ok: false,
      check: "stack_not_found",
      reason: "rolelink could not find this stack in your account.",
    });
    expect(judge(type, { kind: "not_found" }, null)).toMatchObject({ ok: false, check: "stack_not_found" });
  });

  it.each<[RequestType]>([["Create"], ["Update"], ["Delete"]])(
    "refuses when CloudFormation did not answer (%s), even for an old template",
    (type) => {
      const refusal = {
        ok: false,
        check: "confirmation_unavailable",
        reason: "AWS CloudFormation did not answer rolelink's check of this stack; try again in a few minutes.",
      };
      expect(judge(type, { kind: "unavailable" })).toEqual(refusal);
      expect(judge(type, { kind: "unavailable" }, "1.0.0")).toEqual(refusal);
    },
  );
});

describe("judgeStack when the stack was seen", () => {
  it.each<[string, Record<string, string>]>([
    ["another External ID", { ExternalId: "rl-someone-else" }],
    ["the External ID in another case", { ExternalId: EXTERNAL_ID.toUpperCase() }],
    ["no ExternalId parameter", { TrustedAccount: "111111111111" }],
    ["the External ID under another parameter name", { ExternalID: EXTERNAL_ID }],
  ])("refuses a stack with %s", (_name, parameters) => {
    expect(judge("Create", found("CREATE_IN_PROGRESS", { parameters }))).toEqual({
      ok: false,
      check: "stack_external_id_mismatch",
      reason: EXTERNAL_ID_MISMATCH,
    });
  });

  it("checks the External ID even for an old template, once the stack could be read", () => {
    expect(judge("Create", found("CREATE_IN_PROGRESS", { parameters: {} }), "1.0.0")).toMatchObject({
      check: "stack_external_id_mismatch",
    });
  });

  const accepted: Array<[RequestType, string, string]> = [
    ["Create", "CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS"],
    ["Update", "UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS"],
    ["Update", "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_IN_PROGRESS"],
    ["Delete", "DELETE_IN_PROGRESS", "DELETE_IN_PROGRESS"],
    ["Delete", "ROLLBACK_IN_PROGRESS", "DELETE_IN_PROGRESS"],
    ["Delete", "UPDATE_ROLLBACK_IN_PROGRESS", "DELETE_IN_PROGRESS"],
    ["Delete", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "DELETE_IN_PROGRESS"],
    ["Delete", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "DELETE_IN_PROGRESS"],
  ];

  it("lists exactly the accepted states of each request type", () => {
    const listed = Object.entries(EXPECTED_STACK_STATES).flatMap(([type, states]) => states.map((state) => `${type} ${state}`));
    expect(listed.sort()).toEqual(accepted.map(([type, state]) => `${type} ${state}`).sort());
  });

  it.each(accepted)("confirms a %s while the stack is %s (resource %s)", (type, stackStatus, resourceStatus) => {
    expect(judge(type, found(stackStatus, { resource: { status: resourceStatus, physicalResourceId: "rolelink-1" } }))).toEqual({
      ok: true,
      level: "confirmed",
    });
  });

  it.each<[RequestType, string]>([
    ["Create", "DELETE_IN_PROGRESS"],
    ["Create", "CREATE_COMPLETE"],
    ["Create", "CREATE_FAILED"],
    ["Create", "ROLLBACK_IN_PROGRESS"],
    ["Create", "UPDATE_IN_PROGRESS"],
    ["Update", "UPDATE_COMPLETE"],
    ["Update", "CREATE_IN_PROGRESS"],
    ["Update", "DELETE_IN_PROGRESS"],
    ["Update", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"],
    ["Update", "UPDATE_ROLLBACK_COMPLETE"],
    // A Delete the stack contradicts: someone replays or forges a Delete for a stack that is standing.
    ["Delete", "CREATE_COMPLETE"],
    ["Delete", "UPDATE_COMPLETE"],
    ["Delete", "CREATE_IN_PROGRESS"],
    ["Delete", "UPDATE_IN_PROGRESS"],
    ["Delete", "DELETE_COMPLETE"],
    ["Delete", "ROLLBACK_COMPLETE"],
    ["Delete", "delete_in_progress"],
  ])("refuses a %s while the stack is %s", (type, stackStatus) => {
    expect(judge(type, found(stackStatus, { resource: { status: "DELETE_IN_PROGRESS", physicalResourceId: null } }))).toEqual({
      ok: false,
      check: "stack_state_mismatch",
      reason: `Your stack is ${stackStatus}, which does not match a ${type} request.`,
    });
  });

  it("refuses a stack without our resource", () => {
    expect(judge("Create", found("CREATE_IN_PROGRESS", { resource: null }))).toEqual({
      ok: false,
      check: "resource_not_found",
      reason: "The stack has no PhoneHome resource.",
    });
  });

  it.each<[RequestType, string, string]>([
    ["Create", "CREATE_IN_PROGRESS", "CREATE_COMPLETE"],
    ["Create", "CREATE_IN_PROGRESS", "CREATE_FAILED"],
    ["Update", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE"],
    ["Delete", "DELETE_IN_PROGRESS", "DELETE_COMPLETE"],
    ["Delete", "DELETE_IN_PROGRESS", "IN_PROGRESS_NOT"],
  ])("refuses a %s whose resource is not waiting for rolelink (stack %s, resource %s)", (type, stackStatus, resourceStatus) => {
    expect(judge(type, found(stackStatus, { resource: { status: resourceStatus, physicalResourceId: "rolelink-1" } }))).toEqual({
      ok: false,
      check: "resource_state_mismatch",
      reason: `The stack's PhoneHome resource is ${resourceStatus}, not waiting for rolelink.`,
    });
  });
});

describe("confirmationDetail", () => {
  const STACK_ID = "arn:aws:cloudformation:us-east-1:222222222222:stack/s/5ba240b0-cd98-11ea-90d5-0a9cd3354c9c";

  it("tells the audit trail the stack was confirmed from inside the account", () => {
    expect(confirmationDetail("confirmed", "1.1.0", STACK_ID)).toEqual({
      level: "confirmed",
      templateVersion: "1.1.0",
      stackId: STACK_ID,
      how: "AssumeRole with the External ID, then DescribeStacks and DescribeStackResource in the customer's account",
    });
  });

  it("tells the audit trail when only the older, weaker check was possible", () => {
    expect(confirmationDetail("legacy", null, STACK_ID)).toEqual({
      level: "legacy",
      templateVersion: null,
      stackId: STACK_ID,
      how: "accepted on the older, weaker check (account, role and External ID): this template version's role cannot show rolelink its stack",
    });
  });
});
