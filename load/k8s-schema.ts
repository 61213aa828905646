// A validator for Kubernetes structural schemas (the OpenAPI v3 subset a
// CustomResourceDefinition declares), with the API server's reading of it:
// a field the schema does not declare is an error, as kubectl's default
// server-side field validation (Strict) reports it, unless the schema
// preserves unknown fields. Kubernetes docs, "Extend the Kubernetes API with
// CustomResourceDefinitions" (structural schemas, validation, int-or-string).

export type Schema = {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  anyOf?: Schema[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
};

export type CustomResourceDefinition = {
  spec: { group: string; names: { kind: string }; versions: Array<{ name: string; schema: { openAPIV3Schema: Schema } }> };
};

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const INT32 = [-(2 ** 31), 2 ** 31 - 1] as const;
// Object names are DNS subdomains (RFC 1123): lowercase alphanumerics, '-' and '.', 253 characters at most.
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Problems of `value` against `schema`, each as `path: what is wrong`; empty when it is valid. */
export function validate(value: unknown, schema: Schema, path = ''): string[] {
  const at = path || '<root>';
  if (value === null || value === undefined) return schema.nullable ? [] : [`${at}: is ${kind(value)}`];
  if (schema['x-kubernetes-int-or-string']) {
    return Number.isInteger(value) || typeof value === 'string' ? [] : [`${at}: must be an integer or a string, not ${kind(value)}`];
  }
  if (schema.anyOf && !schema.anyOf.some((s) => validate(value, { ...s, nullable: schema.nullable ?? false }, path).length === 0)) {
    return [`${at}: matches none of its anyOf schemas`];
  }
  const out: string[] = [];
  switch (schema.type) {
    case 'object': {
      if (kind(value) !== 'object') return [`${at}: must be an object, not ${kind(value)}`];
      const obj = value as Record<string, unknown>;
      for (const r of schema.required ?? []) if (!(r in obj)) out.push(`${at}: required field "${r}" is missing`);
      for (const [k, v] of Object.entries(obj)) {
        const sub = `${path}.${k}`;
        const known = schema.properties?.[k];
        if (known) out.push(...validate(v, known, sub));
        else if (typeof schema.additionalProperties === 'object') out.push(...validate(v, schema.additionalProperties, sub));
        else if (schema.additionalProperties === true || schema['x-kubernetes-preserve-unknown-fields']) continue;
        else out.push(`${sub}: unknown field`);
      }
      break;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${at}: must be an array, not ${kind(value)}`];
      if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${at}: fewer than ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${at}: more than ${schema.maxItems} items`);
      if (schema.items) value.forEach((v, i) => out.push(...validate(v, schema.items!, `${path}[${i}]`)));
      break;
    case 'string':
      if (typeof value !== 'string') return [`${at}: must be a string, not ${kind(value)}`];
      if (schema.minLength !== undefined && value.length < schema.minLength) out.push(`${at}: shorter than ${schema.minLength}`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push(`${at}: longer than ${schema.maxLength}`);
      if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) out.push(`${at}: does not match ${schema.pattern}`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) return [`${at}: must be an integer, not ${kind(value)}`];
      if (schema.format === 'int32' && ((value as number) < INT32[0] || (value as number) > INT32[1])) out.push(`${at}: out of int32 range`);
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return [`${at}: must be a number, not ${kind(value)}`];
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return [`${at}: must be a boolean, not ${kind(value)}`];
      break;
    default:
      break;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) out.push(`${at}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  return out;
}

/**
 * A custom resource against its definition: apiVersion and kind name a
 * served version of the CRD, metadata.name is a DNS subdomain, and the whole
 * object fits that version's schema.
 */
export function validateResource(resource: Record<string, unknown>, crd: CustomResourceDefinition): string[] {
  const out: string[] = [];
  const [group, version] = String(resource.apiVersion ?? '').split('/');
  const served = crd.spec.versions.find((v) => v.name === version);
  if (group !== crd.spec.group || !served) out.push(`apiVersion: ${String(resource.apiVersion)} is not served by this CRD (${crd.spec.group}/${crd.spec.versions.map((v) => v.name).join(',')})`);
  if (resource.kind !== crd.spec.names.kind) out.push(`kind: ${String(resource.kind)} is not ${crd.spec.names.kind}`);
  const name = (resource.metadata as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) out.push(`metadata.name: ${JSON.stringify(name)} is not a DNS subdomain name`);
  // ObjectMeta is checked by the API server itself, not by the CRD's schema (which declares it as a bare object).
  if (served) out.push(...validate({ ...resource, metadata: {} }, served.schema.openAPIV3Schema));
  return out;
}
