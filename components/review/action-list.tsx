"use client";

import { useId, useMemo, useState } from "react";
import type { ExpandedAction } from "@/lib/cfn/permissions";

interface ServiceGroup {
  service: string;
  serviceName: string;
  actions: ExpandedAction[];
}

/** Every concrete action the role may call, by service, with AWS's access level and description; filterable. */
export function ActionList({
  services,
  total,
  headingLevel = "h4",
}: {
  services: ServiceGroup[];
  total: number;
  headingLevel?: "h3" | "h4";
}) {
  const Heading = headingLevel;
  const [query, setQuery] = useState("");
  const inputId = useId();
  const needle = query.trim().toLowerCase();
  const shown = useMemo(
    () =>
      services
        .map((group) => ({
          ...group,
          actions: needle
            ? group.actions.filter((a) =>
                `${a.action} ${a.description} ${a.accessLevel} ${group.serviceName}`.toLowerCase().includes(needle),
              )
            : group.actions,
        }))
        .filter((group) => group.actions.length > 0),
    [services, needle],
  );
  const count = shown.reduce((sum, group) => sum + group.actions.length, 0);
  return (
    <div>
      <label htmlFor={inputId} className="text-sm font-medium print:hidden">
        Search the {total} actions
      </label>
      <input
        id={inputId}
        type="search"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        placeholder="e.g. snapshot, List, VPC"
        className="mt-1 block w-full max-w-sm rounded-md border border-slate-300 px-3 py-1.5 text-sm print:hidden"
        aria-describedby={`${inputId}-count`}
      />
      <p id={`${inputId}-count`} className="mt-1 text-xs text-slate-600 print:hidden" aria-live="polite">
        {needle ? `${count} of ${total} match “${query.trim()}”.` : `All ${total} shown.`}
      </p>
      {shown.map((group) => (
        <div key={group.service} className="mt-3">
          <Heading className="text-sm font-semibold">
            {group.serviceName} <span className="font-mono text-xs font-normal text-slate-600">({group.service})</span>
          </Heading>
          <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200" data-testid={`actions-${group.service}`}>
            {group.actions.map((a) => (
              <li key={a.action} className="flex flex-col gap-0.5 px-3 py-1.5 text-sm sm:flex-row sm:items-baseline sm:gap-3">
                <code className="font-mono text-xs break-all sm:w-72 sm:shrink-0">{a.action}</code>
                <span className="w-14 shrink-0 text-xs font-medium text-slate-700">{a.accessLevel}</span>
                <span className="text-slate-700">{a.description}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
