/** A group of checkboxes, each a machine name with its description (API key scopes, webhook event types). */
export function OptionCheckboxes({
  legend,
  name,
  options,
  defaultChecked = false,
  error,
}: {
  legend: string;
  name: string;
  options: Array<{ value: string; description: string }>;
  defaultChecked?: boolean;
  error?: string;
}) {
  const errorId = `${name}-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="mt-2 space-y-2">
        {options.map((option) => (
          <label key={option.value} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name={name} value={option.value} defaultChecked={defaultChecked} className="mt-1" />
            <span>
              <span className="font-mono">{option.value}</span> <span className="text-slate-600">— {option.description}</span>
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
