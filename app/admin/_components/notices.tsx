import type { AdminNotice } from "@/lib/data/admin-notices";
import { Alert } from "@/components/ui/alert";

export function AdminNotices({ notices }: { notices: AdminNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <section aria-label="Notices" className="space-y-2">
      {notices.map((notice) => (
        <Alert key={`${notice.kind}-${notice.topicArn}`} tone="warning">
          <p className="font-medium">
            {notice.kind === "unsubscribed" ? "SNS subscription removed" : "SNS topic policy near its limits"}:{" "}
            <span className="font-mono text-xs">{notice.topicArn}</span>
          </p>
          <p className="mt-1">{notice.detail}</p>
        </Alert>
      ))}
    </section>
  );
}
