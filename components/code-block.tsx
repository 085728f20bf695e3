import { CopyButton } from "@/components/copy-button";

export function CodeBlock({ code, label, copyLabel }: { code: string; label: string; copyLabel?: string }) {
  return (
    <figure className="overflow-hidden rounded-md border border-slate-200">
      <figcaption className="flex items-center justify-between bg-slate-100 px-3 py-1.5 text-xs font-medium text-slate-700">
        <span>{label}</span>
        <CopyButton text={code} label={copyLabel} />
      </figcaption>
      <pre className="max-h-96 overflow-auto bg-slate-950 p-3 text-xs leading-relaxed text-slate-100">
        <code>{code}</code>
      </pre>
    </figure>
  );
}
