/** A small pill label. Tones meet WCAG AA contrast on their own background. */
const TONES = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  info: "bg-sky-50 text-sky-800 ring-sky-300",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  danger: "bg-red-50 text-red-800 ring-red-300",
  warning: "bg-amber-50 text-amber-900 ring-amber-300",
} as const;

export type BadgeTone = keyof typeof TONES;

export function Badge({
  tone = "neutral",
  children,
  ...data
}: { tone?: BadgeTone; children: React.ReactNode } & Record<`data-${string}`, string>) {
  return (
    <span
      {...data}
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}
