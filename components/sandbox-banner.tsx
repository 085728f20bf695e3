/** Always visible while the app trusts the local AWS sandbox, so such a deployment cannot pass unnoticed. */
export function SandboxBanner() {
  const sandbox = process.env.AWS_SANDBOX_URL;
  if (!sandbox) return null;
  return (
    <div role="note" className="bg-amber-400 px-4 py-2 text-center text-sm font-medium text-amber-950">
      Sandbox mode: AWS is simulated by the local sandbox at <span className="font-mono">{sandbox}</span>. Nothing here touches real AWS.
    </div>
  );
}
