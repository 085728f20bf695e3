/**
 * The small subset of CloudFormation intrinsic functions the customer template
 * uses in its policies, evaluated two ways: with concrete values (the JSON the
 * customer's account will hold) and symbolically (parameters shown by name).
 * Anything else is refused rather than guessed, so a review never shows a
 * policy that differs from what CloudFormation would create.
 */

export class CfnRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CfnRenderError";
  }
}

type Intrinsic =
  | { kind: "Ref"; name: string }
  | { kind: "Sub"; text: string; vars: Record<string, unknown> }
  | { kind: "Join"; delimiter: string; items: unknown[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Recognises `{ Ref }`, `{ "Fn::Sub" }`, `{ "Fn::Join" }`; throws on any other single `Ref`/`Fn::` key. */
function asIntrinsic(value: Record<string, unknown>): Intrinsic | null {
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined || !(key === "Ref" || key.startsWith("Fn::"))) return null;
  const arg = value[key];
  if (key === "Ref" && typeof arg === "string") return { kind: "Ref", name: arg };
  if (key === "Fn::Sub" && typeof arg === "string") return { kind: "Sub", text: arg, vars: {} };
  if (key === "Fn::Sub" && Array.isArray(arg) && typeof arg[0] === "string" && isRecord(arg[1]) && arg.length === 2) {
    return { kind: "Sub", text: arg[0], vars: arg[1] };
  }
  if (key === "Fn::Join" && Array.isArray(arg) && typeof arg[0] === "string" && Array.isArray(arg[1]) && arg.length === 2) {
    return { kind: "Join", delimiter: arg[0], items: arg[1] };
  }
  throw new CfnRenderError(`unsupported intrinsic function ${key} in a policy`);
}

/** `${Name}` is a reference; `${!Literal}` is CloudFormation's escape for a literal `${Literal}`. */
function substitute(text: string, lookup: (name: string) => string): string {
  return text.replace(/\$\{([^}]*)\}/g, (_match, inner: string) =>
    inner.startsWith("!") ? `\${${inner.slice(1)}}` : lookup(inner.trim()),
  );
}

function walk(value: unknown, onIntrinsic: (intrinsic: Intrinsic) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, onIntrinsic));
  if (!isRecord(value)) return value;
  const intrinsic = asIntrinsic(value);
  if (intrinsic) return onIntrinsic(intrinsic);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, onIntrinsic)]));
}

/** Replaces every Ref/Sub/Join with concrete values; a name without a value is an error, never left blank. */
export function resolveIntrinsics(value: unknown, values: Readonly<Record<string, string>>): unknown {
  const evaluate = (intrinsic: Intrinsic, scope: Readonly<Record<string, string>>): string => {
    const lookup = (name: string): string => {
      const found = Object.hasOwn(scope, name) ? scope[name] : undefined;
      if (found === undefined) throw new CfnRenderError(`no value for ${name}`);
      return found;
    };
    if (intrinsic.kind === "Ref") return lookup(intrinsic.name);
    if (intrinsic.kind === "Join")
      return intrinsic.items.map((item) => asString(walk(item, (inner) => evaluate(inner, scope)))).join(intrinsic.delimiter);
    const local = Object.fromEntries(
      Object.entries(intrinsic.vars).map(([name, v]) => [name, asString(walk(v, (inner) => evaluate(inner, scope)))]),
    );
    return substitute(intrinsic.text, (name) => (Object.hasOwn(local, name) ? local[name]! : lookup(name)));
  };
  return walk(value, (intrinsic) => evaluate(intrinsic, values));
}

/** Shows parameters by name: `{ Ref: "X" }` → `${X}`, `Fn::Sub` → its text. For people reading the template. */
export function describeIntrinsics(value: unknown): unknown {
  const show = (intrinsic: Intrinsic): string => {
    if (intrinsic.kind === "Ref") return `\${${intrinsic.name}}`;
    if (intrinsic.kind === "Join") return intrinsic.items.map((item) => asString(walk(item, show))).join(intrinsic.delimiter);
    return substitute(intrinsic.text, (name) => {
      const local = intrinsic.vars[name];
      return local === undefined ? `\${${name}}` : asString(walk(local, show));
    });
  };
  return walk(value, show);
}

function asString(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new CfnRenderError("a policy value must be a string");
}
