/** Recovery codes, shown once: the user saves them now or never sees them again. */
export function RecoveryCodeList({ codes }: { codes: string[] }) {
  return (
    <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-4">
      <p className="text-sm font-medium text-amber-900">Save these recovery codes somewhere safe. They are shown only once.</p>
      <ul className="grid grid-cols-2 gap-1 font-mono text-sm" data-testid="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
    </div>
  );
}
