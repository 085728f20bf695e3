/**
 * "Review before launch": rendered from the template file itself (never a
 * hand-written copy), with this connection's External ID and our account.
 */
import { describeTemplate, loadCustomerTemplate, renderPermissionsPolicy, renderTrustPolicy } from "@/lib/cfn/template";
import { CodeBlock } from "@/components/code-block";

export function TemplateReview({
  trustedAccount,
  externalId,
  stack,
}: {
  trustedAccount: string;
  externalId: string;
  /** Where the stack will run: the permissions policy is shown as it will exist there. */
  stack: { accountId: string; region: string; stackName: string };
}) {
  const { document } = loadCustomerTemplate();
  const review = describeTemplate(document);
  const trustPolicy = renderTrustPolicy(document, { trustedAccount, externalId });
  const permissionsPolicy = renderPermissionsPolicy(document, stack);
  return (
    <section aria-labelledby="review-heading" data-testid="template-review" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="review-heading" className="text-lg font-semibold">What this stack creates</h2>
      <p className="mt-1 text-sm text-slate-600">Read from template version {review.version}, the exact file the link launches.</p>
      <div className="mt-4 grid gap-5 md:grid-cols-2">
        <div>
          <h3 className="font-medium">Who is trusted</h3>
          <p className="mt-1 text-sm text-slate-700">
            Only rolelink&apos;s AWS account <span className="font-mono">{trustedAccount}</span>, and only when it presents
            your External ID <span className="break-all font-mono">{externalId}</span>. It may call{" "}
            {review.trust.actions.map((a, i) => (
              <span key={a}>
                {i > 0 && " and "}
                <code className="font-mono text-xs">{a}</code>
              </span>
            ))}
            ; sessions last at most one hour.
          </p>
        </div>
        <div>
          <h3 className="font-medium">What the role may do</h3>
          <ul className="mt-1 space-y-1 text-sm text-slate-700" data-testid="review-actions">
            {review.permissions.flatMap((statement, index) =>
              statement.actions.map((action) => (
                <li key={`${statement.effect}-${action}`}>
                  {statement.effect === "Allow" ? "Allow" : "Deny"} <code className="font-mono text-xs">{action}</code> on{" "}
                  {/* As it will exist in this stack: the same statement, resolved for this account, region and stack. */}
                  <code className="break-all font-mono text-xs">{resourcesOf(permissionsPolicy.Statement[index]?.Resource) ?? statement.resources.join(", ")}</code>
                </li>
              )),
            )}
          </ul>
          <p className="mt-2 text-xs text-slate-600">
            The two CloudFormation reads cover only this stack: rolelink uses them to confirm, from inside your account, what the stack
            tells it (that it exists, carries your External ID, and is really being created, updated or deleted).
          </p>
        </div>
        <div>
          <h3 className="font-medium">What the stack sends back to us</h3>
          <p className="mt-1 text-sm text-slate-700">
            Through our SNS topic, once: {review.sendsBack.join(", ")}. No keys, no secrets.
          </p>
        </div>
        <div>
          <h3 className="font-medium">How to revoke</h3>
          <p className="mt-1 text-sm text-slate-700">
            Delete the stack. The role disappears, our access ends at once, and we mark the account disconnected.
          </p>
        </div>
      </div>
      <div className="mt-5 grid gap-4 lg:grid-cols-2">
        <CodeBlock label="Trust policy (JSON)" code={JSON.stringify(trustPolicy, null, 2)} />
        <CodeBlock label="Permissions policy (JSON)" code={JSON.stringify(permissionsPolicy, null, 2)} />
      </div>
    </section>
  );
}

function resourcesOf(resource: unknown): string | undefined {
  if (typeof resource === "string") return resource;
  if (Array.isArray(resource) && resource.every((r) => typeof r === "string")) return resource.join(", ");
  return undefined;
}
