/** The customer template, as the file the Launch Stack link points at (public: it holds no secrets). */
import { loadCustomerTemplate } from "@/lib/cfn/template";

export function GET() {
  const { text, version } = loadCustomerTemplate();
  return new Response(text, {
    headers: {
      "Content-Type": "application/x-yaml; charset=utf-8",
      "Content-Disposition": `attachment; filename="rolelink-role-${version}.yaml"`,
    },
  });
}
