/** A prominent link into the AWS console, opened in a new tab (and saying so to screen readers). */
export function ConsoleLinkButton({
  href,
  testId,
  className,
  children,
}: {
  href: string;
  testId: string;
  className: string;
  children: React.ReactNode;
}) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      data-testid={testId}
      className={`inline-flex items-center gap-2 rounded-md font-semibold text-white shadow-sm ${className}`}
    >
      {children} <span aria-hidden>↗</span>
      <span className="sr-only">(opens the AWS console in a new tab)</span>
    </a>
  );
}
