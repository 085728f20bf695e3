import { describe, expect, it } from "vitest";
import { auditCsvLine, csvCell, csvLine, AUDIT_CSV_HEADER } from "./audit-csv";
import { toAuditEntry } from "./audit-query";

describe("audit CSV", () => {
  it.each([
    ['=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"'],
    ["+1+2", "'+1+2"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["plain text", "plain text"],
    ["a,b", '"a,b"'],
    ["line\nbreak", '"line\nbreak"'],
  ])("makes %j safe for spreadsheets: %s", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("writes one RFC 4180 line per AssumeRole with who, why and outcome", () => {
    const entry = toAuditEntry({
      id: "7",
      created_at: new Date("2026-11-21T10:00:00.000Z"),
      kind: "verify.failed",
      actor: "admin:00000000-0000-4000-8000-000000000001",
      detail: {
        by: "=ops@rolelink.test",
        reason: "admin",
        outcome: "failed",
        code: "access_denied",
        message: 'AWS refused, "really"',
        roleArn: "arn:aws:iam::222222222222:role/x",
      },
      account_id: "222222222222",
      connection_id: "c1",
    });
    expect(csvLine(AUDIT_CSV_HEADER)).toBe("time_utc,account_id,connection_id,who,why,outcome,code,message,role_arn,assumed_role_arn\r\n");
    expect(auditCsvLine(entry)).toBe(
      '2026-11-21T10:00:00.000Z,222222222222,c1,\'=ops@rolelink.test,admin check,failed,access_denied,"AWS refused, ""really""",arn:aws:iam::222222222222:role/x,\r\n',
    );
  });

  it("shows the system as the actor of scheduled checks", () => {
    const entry = toAuditEntry({
      id: "8",
      created_at: new Date(0),
      kind: "verify.succeeded",
      actor: "system",
      detail: { by: "system", reason: "schedule", outcome: "ok", assumedRoleArn: "arn:aws:sts::222222222222:assumed-role/x/s" },
      account_id: "222222222222",
      connection_id: "c1",
    });
    expect(entry).toMatchObject({
      who: "system",
      why: "scheduled health check",
      outcome: "succeeded",
      assumedRoleArn: "arn:aws:sts::222222222222:assumed-role/x/s",
    });
  });
});
