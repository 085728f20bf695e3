/** How a limit's refusal reads to a person. */
export function waitFor(seconds: number): string {
  return seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
}
