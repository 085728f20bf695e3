/** The connect page stepper's fallback poll while its event stream is down (the owner only). */
import { getMyConnectionProgress } from "@/lib/data/my-connections";
import { NO_STORE_UNCOMPRESSED } from "@/lib/http/cache-control";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const progress = await getMyConnectionProgress(id);
  if (!progress) return Response.json({ error: "not_found" }, { status: 404, headers: { "Cache-Control": NO_STORE_UNCOMPRESSED } });
  return Response.json(progress, { headers: { "Cache-Control": NO_STORE_UNCOMPRESSED } });
}
