import { LoadingStatus, Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-6">
      <LoadingStatus label="Loading…" />
      <Skeleton className="h-8 w-72" />
      <Skeleton className="h-40" />
      <Skeleton className="h-24" />
    </div>
  );
}
