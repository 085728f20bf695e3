const TONES = {
  error: "border-red-200 bg-red-50 text-red-800",
  info: "border-sky-200 bg-sky-50 text-sky-900",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
} as const;

/** `announce={false}` inside a region that is already live, so screen readers do not read it twice. */
export function Alert({
  tone = "info",
  announce = true,
  children,
}: {
  tone?: keyof typeof TONES;
  announce?: boolean;
  children: React.ReactNode;
}) {
  const role = announce ? (tone === "error" ? "alert" : "status") : undefined;
  return (
    <div role={role} className={`rounded-md border px-4 py-3 text-sm ${TONES[tone]}`}>
      {children}
    </div>
  );
}
