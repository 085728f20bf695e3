"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { STATUS_LABELS } from "@/lib/connections/states";
import { listHref, PAGE_SIZES, type ListState } from "@/lib/admin/list-params";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

const SEARCH_DELAY_MS = 400;

/**
 * Search, status and page size: applied as they change, into the URL (the one
 * filter state the tiles, headers and export also read). Without JavaScript it
 * is still a plain GET form.
 */
export function ConnectionFilters({
  state,
  organizations = [],
}: {
  state: ListState;
  organizations?: Array<{ id: string; label: string }>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(state.q ?? "");
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // A tile or a back navigation changed the search: show it, unless the user is typing.
  useEffect(() => {
    if (document.activeElement !== input.current) setQ(state.q ?? "");
  }, [state.q]);
  useEffect(() => () => clearTimeout(timer.current), []);

  function go(next: Partial<ListState>, replace = false) {
    clearTimeout(timer.current);
    const href = listHref({ ...state, q, ...next, cursor: undefined });
    startTransition(() => (replace ? router.replace(href) : router.push(href)));
  }

  return (
    <form
      method="get"
      action="/admin"
      role="search"
      aria-label="Filter connections"
      aria-busy={pending}
      onSubmit={(event) => {
        event.preventDefault();
        go({ q });
      }}
      className="flex flex-wrap items-start gap-3"
    >
      <div className="w-full sm:w-80">
        <label htmlFor="q" className="block text-sm font-medium text-slate-800">
          Search
        </label>
        <input
          ref={input}
          id="q"
          name="q"
          type="search"
          value={q}
          onChange={(event) => {
            const value = event.target.value;
            setQ(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => go({ q: value }, true), SEARCH_DELAY_MS);
          }}
          aria-describedby="q-hint"
          className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        />
        <p id="q-hint" className="mt-1 text-xs text-slate-600">
          Part of an account ID, email or role ARN
        </p>
      </div>
      <div>
        <label htmlFor="status" className="block text-sm font-medium text-slate-800">
          Status
        </label>
        <select
          id="status"
          name="status"
          value={state.status ?? ""}
          onChange={(event) => go({ status: event.target.value || undefined })}
          className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        >
          <option value="">All statuses</option>
          {(Object.keys(STATUS_LABELS) as ConnectionStatus[]).map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="template" className="block text-sm font-medium text-slate-800">
          Template
        </label>
        <select
          id="template"
          name="template"
          value={state.template ?? ""}
          onChange={(event) => go({ template: event.target.value === "outdated" ? "outdated" : undefined })}
          className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        >
          <option value="">Any version</option>
          <option value="outdated">Outdated (update available)</option>
        </select>
      </div>
      <div>
        <label htmlFor="org" className="block text-sm font-medium text-slate-800">
          Organization
        </label>
        <select
          id="org"
          name="org"
          value={state.org ?? ""}
          onChange={(event) => go({ org: event.target.value || undefined })}
          className="mt-1 max-w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        >
          <option value="">All connections</option>
          <option value="members">Organization members</option>
          <option value="single">Single accounts</option>
          {organizations.map((organization) => (
            <option key={organization.id} value={organization.id}>
              {organization.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="size" className="block text-sm font-medium text-slate-800">
          Per page
        </label>
        <select
          id="size"
          name="size"
          value={String(state.size ?? 50)}
          onChange={(event) => go({ size: Number(event.target.value) })}
          className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
      {state.sort && state.sort !== "newest" && <input type="hidden" name="sort" value={state.sort} />}
      {state.dir && <input type="hidden" name="dir" value={state.dir} />}
      <button type="submit" className="mt-6 rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800">
        Search
      </button>
    </form>
  );
}
