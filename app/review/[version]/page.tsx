/**
 * The public, printable review of a template version: no sign-in, so a
 * customer can send it to a security reviewer who has no rolelink account.
 * An older version shows what changed since and links to the current one.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TemplateReview } from "@/components/review/template-review";
import { getTemplateReview } from "@/lib/data/template-review";
import { loadCustomerTemplate } from "@/lib/cfn/template";
import { changesSince } from "@/lib/cfn/review";

type Props = { params: Promise<{ version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { version } = await params;
  return { title: `Security review of template ${version.slice(0, 20)}` };
}

export default async function ReviewPage({ params }: Props) {
  const { version } = await params;
  const { document, version: current } = loadCustomerTemplate();
  if (version !== current) {
    const known = document.Metadata.Changelog.some((entry) => entry.Version === version);
    if (!known) notFound();
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Template {version} has been superseded</h1>
        <p className="text-slate-700">
          Stacks on {version} keep working. The current version is{" "}
          <Link href={`/review/${current}`} className="font-medium text-indigo-700 underline">
            {current}
          </Link>
          ; it changed:
        </p>
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="superseded-changes">
          {changesSince(version).flatMap((entry) =>
            entry.Changes.map((change) => (
              <li key={`${entry.Version}-${change}`}>
                {change} ({entry.Version})
              </li>
            )),
          )}
        </ul>
      </div>
    );
  }
  const reviewed = await getTemplateReview();
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700 print:hidden">
        Read-only. This is the template customers launch to connect an AWS account to rolelink; the role&apos;s External ID is different for
        every connection.{" "}
        <a href="/api/template" download className="font-medium text-indigo-700 underline">
          Download the template
        </a>
      </p>
      <TemplateReview {...reviewed} headingLevel="h1" />
    </div>
  );
}
