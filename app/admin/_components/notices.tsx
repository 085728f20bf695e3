import type { AdminNotice } from "@/lib/data/admin-notices";
import { Alert } from "@/components/ui/alert";

const TITLES: Record<AdminNotice["kind"], string> = {
  unsubscribed: "SNS subscription removed",
  policy_near_limit: "SNS topic policy near its limits",
  policy_full: "SNS topic policy is full",
};

export function AdminNotices({ notices }: { notices: AdminNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <section aria-label="Notices" className="space-y-2">
      {notices.map((notice) => (
        <Alert key={`${notice.kind}-${notice.topicArn}`} tone={notice.kind === "policy_near_limit" ? "warning" : "error"}>
          <p className="font-medium" data-testid="notice-title">
            {TITLES[notice.kind]}: <span className="font-mono text-xs break-all">{notice.topicArn}</span>
          </p>
          <p className="mt-1">{notice.detail}</p>
        </Alert>
      ))}
    </section>
  );
}
