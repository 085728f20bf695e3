import { forbidden } from "next/navigation";

export const metadata = { title: "Not allowed" };

/** Where the proxy and admin pages send customers: answers 403, not 200, with app/forbidden.tsx. */
export default function ForbiddenPage() {
  forbidden();
}
