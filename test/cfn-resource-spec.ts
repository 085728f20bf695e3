/**
 * Checks a CloudFormation template against AWS's resource definitions (the
 * CloudFormation resource specification shipped in @aws-cdk/aws-service-spec):
 * resource types, property names and shapes, required properties, and every
 * Ref, Fn::GetAtt and Fn::Sub reference with the attributes the type really
 * has. What a typo would otherwise cost is a customer's failed stack.
 */
import { loadAwsServiceSpecSync } from "@aws-cdk/aws-service-spec";
import type { PropertyType, Resource, SpecDatabase } from "@aws-cdk/service-spec-types";

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

let spec: SpecDatabase | undefined;
function database(): SpecDatabase {
  spec ??= loadAwsServiceSpecSync();
  return spec;
}

function resourceType(type: string): Resource | undefined {
  // Custom::Name is CloudFormation's own custom resource under another name.
  const lookup = type.startsWith("Custom::") ? "AWS::CloudFormation::CustomResource" : type;
  return database().lookup("resource", "cloudFormationType", "equals", lookup)[0];
}

/** What a resource entry may hold besides its type's properties. */
const RESOURCE_KEYS = new Set([
  "Type",
  "Properties",
  "Condition",
  "DependsOn",
  "DeletionPolicy",
  "UpdateReplacePolicy",
  "Metadata",
  "CreationPolicy",
  "UpdatePolicy",
]);

const PSEUDO = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);

/** One key that is Ref or Fn::*: the value is computed, so only its references can be checked. */
function intrinsic(value: unknown): [string, unknown] | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  const [key] = keys;
  return keys.length === 1 && key !== undefined && (key === "Ref" || key.startsWith("Fn::") || key === "Condition")
    ? [key, value[key]]
    : undefined;
}

export function checkTemplate(template: Json): string[] {
  const problems: string[] = [];
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const parameters = isRecord(template.Parameters) ? template.Parameters : {};
  const conditions = isRecord(template.Conditions) ? template.Conditions : {};
  const types = new Map<string, Resource | undefined>();

  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || typeof resource.Type !== "string") {
      problems.push(`${id}: no Type`);
      continue;
    }
    const unknownKeys = Object.keys(resource).filter((key) => !RESOURCE_KEYS.has(key));
    if (unknownKeys.length > 0) problems.push(`${id}: unknown resource attribute ${unknownKeys.join(", ")}`);
    for (const policy of ["DeletionPolicy", "UpdateReplacePolicy"] as const) {
      const value = resource[policy];
      if (value !== undefined && !(typeof value === "string" && ["Delete", "Retain", "Snapshot", "RetainExceptOnCreate"].includes(value)))
        problems.push(`${id}: ${policy} ${JSON.stringify(value)}`);
    }
    const found = resourceType(resource.Type);
    types.set(id, found);
    if (!found) problems.push(`${id}: unknown resource type ${resource.Type}`);
    if (typeof resource.Condition === "string" && !(resource.Condition in conditions))
      problems.push(`${id}: unknown condition ${resource.Condition}`);
    for (const dependency of ([] as unknown[]).concat(resource.DependsOn ?? [])) {
      if (typeof dependency !== "string" || !(dependency in resources))
        problems.push(`${id}: DependsOn unknown resource ${String(dependency)}`);
    }
  }

  const referable = (name: string) => PSEUDO.has(name) || name in parameters || name in resources;
  const attributeProblem = (where: string, target: string, attribute: string): string | undefined => {
    if (!(target in resources)) return `${where}: Fn::GetAtt of unknown resource ${target}`;
    const type = types.get(target);
    const custom = isRecord(resources[target]) && String(resources[target].Type).startsWith("Custom::");
    // A custom resource's attributes are whatever its provider returns in Data.
    if (!type || custom || attribute in type.attributes) return undefined;
    return `${where}: ${target} (${type.cloudFormationType}) has no attribute ${attribute}; it has ${Object.keys(type.attributes).join(", ")}`;
  };

  function checkReferences(where: string, value: unknown): void {
    const fn = intrinsic(value);
    if (fn) {
      const [name, argument] = fn;
      if (name === "Ref" && (typeof argument !== "string" || !referable(argument)))
        problems.push(`${where}: Ref to unknown ${String(argument)}`);
      if (name === "Fn::GetAtt") {
        const [target, attribute] = typeof argument === "string" ? argument.split(/\.(.*)/s) : Array.isArray(argument) ? argument : [];
        const problem = attributeProblem(where, String(target), String(attribute));
        if (problem) problems.push(problem);
      }
      if (name === "Fn::Sub") {
        const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
        const local = isRecord(variables) ? variables : {};
        for (const [, reference = ""] of String(text).matchAll(/\$\{(?!!)([^}]+)\}/g)) {
          const [target = "", attribute] = reference.split(/\.(.*)/s);
          if (reference in local || referable(reference)) continue;
          const problem = attribute === undefined ? `${where}: \${${reference}} names nothing` : attributeProblem(where, target, attribute);
          if (problem) problems.push(problem);
        }
        if (isRecord(variables)) checkReferences(where, variables);
        return;
      }
      if ((name === "Fn::If" || name === "Condition") && typeof (Array.isArray(argument) ? argument[0] : argument) === "string") {
        const condition = String(Array.isArray(argument) ? argument[0] : argument);
        if (!(condition in conditions)) problems.push(`${where}: unknown condition ${condition}`);
      }
      if (name === "Fn::FindInMap" && Array.isArray(argument)) {
        const mappings = isRecord(template.Mappings) ? template.Mappings : {};
        const [map, top, second] = argument;
        const found = typeof map === "string" && isRecord(mappings[map]) ? mappings[map] : undefined;
        const entry = found && typeof top === "string" && isRecord(found[top]) ? found[top] : undefined;
        if (typeof top === "string" && typeof second === "string" && !(entry && second in entry))
          problems.push(`${where}: FindInMap ${String(map)}.${top}.${second} does not exist`);
      }
      checkReferences(where, argument);
      return;
    }
    if (Array.isArray(value)) value.forEach((item, index) => checkReferences(`${where}[${index}]`, item));
    else if (isRecord(value)) for (const [key, item] of Object.entries(value)) checkReferences(`${where}.${key}`, item);
  }

  function checkValue(where: string, value: unknown, type: PropertyType): void {
    if (intrinsic(value)) return; // computed at deploy time; references are checked separately
    switch (type.type) {
      case "string":
      case "date-time":
        if (!["string", "number", "boolean"].includes(typeof value)) problems.push(`${where}: expected a string`);
        return;
      case "number":
      case "integer":
        if (typeof value !== "number" && !(typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)))
          problems.push(`${where}: expected a number`);
        return;
      case "boolean":
        if (typeof value !== "boolean" && value !== "true" && value !== "false") problems.push(`${where}: expected true or false`);
        return;
      case "json":
      case "null":
        return;
      case "tag":
        if (!isRecord(value) || !("Key" in value) || !("Value" in value)) problems.push(`${where}: expected a tag { Key, Value }`);
        return;
      case "array":
        if (!Array.isArray(value)) problems.push(`${where}: expected a list`);
        else value.forEach((item, index) => checkValue(`${where}[${index}]`, item, type.element));
        return;
      case "map":
        if (!isRecord(value)) problems.push(`${where}: expected a map`);
        else for (const [key, item] of Object.entries(value)) checkValue(`${where}.${key}`, item, type.element);
        return;
      case "union": {
        // Accepted if any member accepts it: try each on its own problem list.
        const before = problems.length;
        const fits = type.types.some((member) => {
          const mark = problems.length;
          checkValue(where, value, member);
          const ok = problems.length === mark;
          problems.length = mark;
          return ok;
        });
        problems.length = before;
        if (!fits) problems.push(`${where}: matches none of ${type.types.map((t) => t.type).join(" | ")}`);
        return;
      }
      case "ref": {
        const definition = database().get("typeDefinition", type.reference);
        if (!isRecord(value)) problems.push(`${where}: expected a ${definition.name} object`);
        else checkProperties(where, value, definition.properties, true);
        return;
      }
    }
  }

  function checkProperties(where: string, values: Json, properties: Resource["properties"], strict: boolean): void {
    for (const [name, property] of Object.entries(properties)) {
      if (property.required && !(name in values)) problems.push(`${where}: missing required property ${name}`);
    }
    for (const [name, value] of Object.entries(values)) {
      const property = properties[name];
      if (property) checkValue(`${where}.${name}`, value, property.type);
      else if (strict) problems.push(`${where}: unknown property ${name}; known: ${Object.keys(properties).join(", ")}`);
    }
  }

  for (const [id, resource] of Object.entries(resources)) {
    const type = types.get(id);
    if (!type || !isRecord(resource)) continue;
    const properties = isRecord(resource.Properties) ? resource.Properties : {};
    // Custom resources take any further properties: they are the request sent to the provider.
    checkProperties(id, properties, type.properties, !String(resource.Type).startsWith("Custom::"));
  }
  for (const section of ["Resources", "Outputs", "Conditions"] as const) checkReferences(section, template[section]);
  return problems;
}
