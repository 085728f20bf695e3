import { CopyButton } from "@/components/copy-button";

export function CodeBlock({ code, label, copyLabel }: { code: string; label: string; copyLabel?: string }) {
  return (
    <figure className="overflow-hidden rounded-md border border-slate-200">
      <figcaption className="flex items-center justify-between bg-slate-100 px-3 py-1.5 text-xs font-medium text-slate-700">
        <span>{label}</span>
        <CopyButton text={code} label={copyLabel} />
      </figcaption>
      {/* Focusable and named: keyboard users must be able to scroll a long block (WCAG 2.1.1). */}
      <pre
        tabIndex={0}
        role="region"
        aria-label={label}
        className="max-h-96 overflow-auto bg-slate-950 p-3 text-xs leading-relaxed text-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
      >
        <code>{code}</code>
      </pre>
    </figure>
  );
}
