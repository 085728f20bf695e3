/**
 * Data tables that fit any width: a normal table from the `md` breakpoint up,
 * stacked label/value rows below it (each cell shows its column name from
 * `label`), so a 390 px screen never scrolls sideways. The header row stays in
 * the accessibility tree at every width.
 */
import type { ComponentProps } from "react";

export function Table({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={`rounded-lg border border-slate-200 bg-white ${className}`}>
      <table aria-label={label} className="block w-full text-sm md:table">
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: React.ReactNode }) {
  return (
    <thead className="sr-only bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-700 uppercase md:not-sr-only md:table-header-group">
      {children}
    </thead>
  );
}

export function TBody({ children, ...props }: ComponentProps<"tbody">) {
  return (
    <tbody className="block divide-y divide-slate-200 md:table-row-group" {...props}>
      {children}
    </tbody>
  );
}

export function Tr({ className = "", ...props }: ComponentProps<"tr">) {
  return <tr className={`block px-3 py-2 md:table-row md:p-0 ${className}`} {...props} />;
}

export function Th({ className = "", ...props }: ComponentProps<"th">) {
  return <th scope="col" className={`px-3 py-2 align-bottom ${className}`} {...props} />;
}

/** `label` is the column's name, shown before the value when rows are stacked. */
export function Td({ label, className = "", ...props }: ComponentProps<"td"> & { label?: string }) {
  const stacked = label
    ? "before:w-32 before:shrink-0 before:text-xs before:font-medium before:uppercase before:tracking-wide before:text-slate-600 before:content-[attr(data-label)] md:before:content-none"
    : "";
  return <td data-label={label} className={`flex min-w-0 gap-2 py-0.5 md:table-cell md:px-3 md:py-2 ${stacked} ${className}`} {...props} />;
}
