"use client";

import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { Alert } from "@/components/ui/alert";
import { connectOrganization, type OrganizationConnectState } from "../actions";
import { RegionSelect, type RegionOption } from "../../_components/region-select";

/** The customer's organization: where the organization stack runs, its region, and which accounts get the role. */
export function OrganizationForm({ regions }: { regions: RegionOption[] }) {
  const [state, action, pending] = useActionState<OrganizationConnectState, FormData>(connectOrganization, { ok: false });
  const errors = state.fieldErrors ?? {};
  const scope = state.values?.scope ?? "root";
  return (
    <form
      action={action}
      // Submitted by hand so React does not reset the form (and its region) afterwards, as on the account form.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => action(data));
      }}
      className="space-y-5"
      noValidate
    >
      {state.message && <Alert tone="error">{state.message}</Alert>}
      <TextField
        label="Management account ID"
        name="managementAccountId"
        inputMode="numeric"
        autoComplete="off"
        placeholder="1234-5678-9012"
        defaultValue={state.values?.managementAccountId}
        hint="Your organization's management account, or a CloudFormation delegated administrator account. The organization stack runs there."
        error={errors.managementAccountId}
        required
      />
      <RegionSelect
        id="org-region"
        regions={regions}
        defaultValue={state.values?.region}
        error={errors.region}
        hint="Launch the organization stack in this region: its StackSet deploys member stacks here, and they report to rolelink's topic of this region."
      />
      <fieldset aria-describedby={errors.targets ? "targets-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Which accounts</legend>
        <div className="mt-2 space-y-3">
          <label className="flex items-start gap-2 text-sm">
            <input type="radio" name="scope" value="root" defaultChecked={scope === "root"} className="mt-1" />
            <span>The whole organization (every account under the root)</span>
          </label>
          <TextField
            label="Root ID"
            name="rootId"
            autoComplete="off"
            placeholder="r-ab12"
            defaultValue={state.values?.rootId}
            hint="Shown in AWS Organizations → AWS accounts, above the tree."
          />
          <label className="flex items-start gap-2 text-sm">
            <input type="radio" name="scope" value="ous" defaultChecked={scope === "ous"} className="mt-1" />
            <span>Only accounts under chosen organizational units</span>
          </label>
          <div>
            <label htmlFor="ouIds" className="block text-sm font-medium text-slate-800">
              OU IDs
            </label>
            <textarea
              id="ouIds"
              name="ouIds"
              rows={3}
              placeholder="ou-ab12-abcdefgh"
              defaultValue={state.values?.ouIds}
              aria-describedby="ouIds-hint"
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-sm"
            />
            <p id="ouIds-hint" className="mt-1 text-xs text-slate-500">
              Separated by commas or new lines; accounts in nested OUs are included.
            </p>
          </div>
        </div>
        {errors.targets && (
          <p id="targets-error" className="mt-2 text-sm text-red-700">
            {errors.targets}
          </p>
        )}
      </fieldset>
      <div>
        <label htmlFor="callAs" className="block text-sm font-medium text-slate-800">
          The account above is
        </label>
        <select
          id="callAs"
          name="callAs"
          defaultValue={state.values?.callAs ?? "SELF"}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm"
        >
          <option value="SELF">The management account</option>
          <option value="DELEGATED_ADMIN">A delegated administrator for CloudFormation StackSets</option>
        </select>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Preparing your link…" : "Create organization launch link"}
      </Button>
    </form>
  );
}
