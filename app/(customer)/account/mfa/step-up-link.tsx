/** Where to prove the second factor again, coming back to this page after. */
export function StepUpLink() {
  const href = `/signin/mfa?${new URLSearchParams({ callbackUrl: "/account/mfa" })}`;
  return (
    <a href={href} className="inline-block text-sm font-medium text-indigo-700 underline">
      Confirm it&apos;s you
    </a>
  );
}
