/** Template versions (semver "major.minor.patch") compared as numbers: 1.10.0 is newer than 1.9.0. */

function parts(version: string): [number, number, number] {
  const [a = 0, b = 0, c = 0] = version.split(".").map((part) => Number.parseInt(part, 10) || 0);
  return [a, b, c];
}

/** True when `version` is older than `than`; an unknown version (null) counts as older. */
export function isOlderVersion(version: string | null | undefined, than: string): boolean {
  if (!version) return true;
  const [a, b, c] = parts(version);
  const [x, y, z] = parts(than);
  return a !== x ? a < x : b !== y ? b < y : c < z;
}
