import { LoadingStatus, Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-6">
      <LoadingStatus label="Loading your organization…" />
      <Skeleton className="h-8 w-72" />
      <Skeleton className="h-32" />
      <Skeleton className="h-64" />
    </div>
  );
}
