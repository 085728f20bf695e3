/**
 * Parses CloudFormation YAML: the short-form intrinsic tags (`!Ref`, `!Sub`,
 * `!GetAtt` ...) become the JSON form CloudFormation itself uses
 * (`{ Ref: ... }`, `{ "Fn::Sub": ... }`), so the rest of the code reads one shape.
 */
import { parseDocument, type CollectionTag, type ScalarTag } from "yaml";

/** Every `Fn::` function with a YAML short form (template functions and rule functions). */
const FN_NAMES = [
  "And",
  "Base64",
  "Cidr",
  "Contains",
  "EachMemberEquals",
  "EachMemberIn",
  "Equals",
  "FindInMap",
  "ForEach",
  "GetAZs",
  "GetAtt",
  "If",
  "ImportValue",
  "Join",
  "Length",
  "Not",
  "Or",
  "RefAll",
  "Select",
  "Split",
  "Sub",
  "ToJsonString",
  "Transform",
  "ValueOf",
  "ValueOfAll",
] as const;

type Tag = ScalarTag | CollectionTag;

function collectionToJson(node: { toJSON(): unknown }): unknown {
  // Children were resolved first, so nested short forms are already plain objects.
  return node.toJSON();
}

function tagsFor(tag: string, key: string, scalar: (value: string) => unknown): Tag[] {
  return [
    { tag, resolve: (value: string) => ({ [key]: scalar(value) }) },
    { tag, collection: "seq", resolve: (node) => ({ [key]: collectionToJson(node) }) },
    { tag, collection: "map", resolve: (node) => ({ [key]: collectionToJson(node) }) },
  ];
}

/** `!GetAtt Role.Arn` is short for `["Role", "Arn"]`: the logical ID ends at the first dot. */
function splitGetAtt(value: string): string[] {
  const dot = value.indexOf(".");
  return dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

const CFN_TAGS: Tag[] = [
  ...tagsFor("!Ref", "Ref", (value) => value),
  ...tagsFor("!Condition", "Condition", (value) => value),
  ...FN_NAMES.flatMap((name) => tagsFor(`!${name}`, `Fn::${name}`, name === "GetAtt" ? splitGetAtt : (value) => value)),
];

export class CfnYamlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CfnYamlError";
  }
}

/** Parses a CloudFormation YAML template to plain JSON-shaped data; throws CfnYamlError on any YAML error or unknown tag. */
export function parseCfnYaml(text: string): unknown {
  const doc = parseDocument(text, { customTags: CFN_TAGS, uniqueKeys: true, prettyErrors: false, logLevel: "silent" });
  // Warnings are fatal too: a typo like `!Reff` is only a warning to `yaml`, and
  // must not silently become a plain string in a security document.
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new CfnYamlError(problem.message);
  return doc.toJS();
}
