/**
 * Every launch link (single account or organization) adds a statement to a region's topic policy, which
 * AWS caps: links are counted per user, per network and overall before one is made.
 */
import { headers } from "next/headers";
import { clientIp } from "@/lib/http/client-ip";
import { reserve } from "./limiter";
import { waitFor } from "./messages";

/** null when the link may be made; otherwise what to tell the customer. */
export async function reserveLaunchLink(userId: string): Promise<string | null> {
  const reservation = await reserve([
    ["connect:global", "all"],
    ["connect:ip", clientIp(await headers())],
    ["connect:user", userId],
  ]);
  if (reservation.kind === "allowed") return null;
  return `You have created many launch links recently. Wait ${waitFor(reservation.retryAfterSeconds)} and try again.`;
}
