import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { topicsByRegion } from "@/lib/env";
import { regionLabel } from "@/lib/regions";
import { OrganizationForm } from "./_components/organization-form";

export const metadata = { title: "Connect an AWS Organization" };

export default async function ConnectOrganizationPage() {
  await requireUser("/connect/organization");
  const regions = [...topicsByRegion().keys()].map((code) => ({ code, label: regionLabel(code) }));
  return (
    <section className="max-w-2xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">Connect an AWS Organization</h1>
      <p className="mt-2 text-slate-600">
        One stack in your management account creates rolelink&apos;s read-only role there and a service-managed StackSet that gives every
        member account under your targets the same role, including accounts that join or move in later.
      </p>
      <div className="mt-6">
        <OrganizationForm regions={regions} />
      </div>
      <p className="mt-6 text-sm">
        <Link href="/connect" className="text-indigo-700 underline">
          ← Connect a single account instead
        </Link>
      </p>
    </section>
  );
}
