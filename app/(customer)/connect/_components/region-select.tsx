import type { ReactNode } from "react";

export interface RegionOption {
  code: string;
  label: string;
}

/** The launch region: a native select (keyboard and screen readers for free), its hint, and the field's error. */
export function RegionSelect({
  id,
  regions,
  defaultValue,
  error,
  hint,
}: {
  id: string;
  regions: RegionOption[];
  defaultValue?: string;
  error?: string;
  hint: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Region
      </label>
      <select
        id={id}
        name="region"
        defaultValue={defaultValue ?? regions[0]?.code}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm"
      >
        {regions.map((region) => (
          <option key={region.code} value={region.code}>
            {region.label}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
