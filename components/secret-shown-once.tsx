import { Alert } from "@/components/ui/alert";
import { CodeBlock } from "@/components/code-block";

/** A credential rolelink keeps only hashed or sealed: shown in the response that made it, and never again. */
export function SecretShownOnce({
  title,
  label,
  copyLabel,
  secret,
  testId,
}: {
  title: string;
  label: string;
  copyLabel: string;
  secret: string;
  testId: string;
}) {
  return (
    <Alert tone="success">
      <p className="font-medium">{title}</p>
      <div className="mt-2" data-testid={testId}>
        <CodeBlock label={label} copyLabel={copyLabel} code={secret} />
      </div>
    </Alert>
  );
}
