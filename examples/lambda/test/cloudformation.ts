import { type CollectionTag, parse, type ScalarTag, type YAMLSeq } from 'yaml';

/** A template as CloudFormation reads it, short tags (`!Ref`, `!Sub`, …) turned into their long form. */
export type Template = {
  Parameters: Record<
    string,
    { Type: string; Default?: unknown; NoEcho?: boolean; AllowedValues?: unknown[] }
  >;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown }>;
};

const FUNCTIONS = [
  'Sub',
  'Join',
  'Split',
  'Select',
  'If',
  'FindInMap',
  'Equals',
  'Not',
  'And',
  'Or',
  'Base64',
];

// Each short tag, on a scalar and on a sequence: `!GetAtt A.B` is `{ "Fn::GetAtt": ["A", "B"] }`.
const scalar = (tag: string, make: (value: string) => unknown): ScalarTag => ({ tag, resolve: make });
const sequence = (tag: string, make: (items: unknown[]) => unknown): CollectionTag => ({
  tag,
  collection: 'seq',
  resolve: (node) => make((node as YAMLSeq).toJSON()),
});
const customTags = [
  scalar('!Ref', (value) => ({ Ref: value })),
  scalar('!Condition', (value) => ({ Condition: value })),
  scalar('!GetAtt', (value) => ({ 'Fn::GetAtt': value.split('.') })),
  sequence('!GetAtt', (items) => ({ 'Fn::GetAtt': items })),
  ...FUNCTIONS.flatMap((name) => [
    scalar(`!${name}`, (value) => ({ [`Fn::${name}`]: value })),
    sequence(`!${name}`, (items) => ({ [`Fn::${name}`]: items })),
  ]),
];

/** Parses CloudFormation YAML; an unknown tag or a duplicated key is an error. */
export function parseTemplate(text: string): Template {
  return parse(text, { customTags, uniqueKeys: true, strict: true, prettyErrors: true }) as Template;
}

/** Values of the parameters, the pseudo parameters an evaluation gives. */
export const PSEUDO = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'ap-south-1',
  'AWS::AccountId': '123456789012',
};

/** Stands for `AWS::NoValue`: the key or list item it is in disappears. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Evaluates the intrinsic functions of a part of a template for given
 * parameter values (defaults filled in). A resource's `Ref` is `<Id>`, its
 * `GetAtt` `<Id.Attr>`: enough to read what a policy grants.
 */
export function evaluate(
  template: Template,
  node: unknown,
  given: Record<string, string | string[]>,
): unknown {
  const params: Record<string, string | string[]> = { ...PSEUDO };
  for (const [name, p] of Object.entries(template.Parameters)) {
    const value = given[name] ?? (p.Default === undefined ? undefined : String(p.Default));
    if (value === undefined) throw new Error(`parameter ${name} has no default and no value`);
    params[name] =
      typeof value === 'string' && (p.Type === 'CommaDelimitedList' || p.Type.startsWith('List<'))
        ? value.split(',')
        : value;
  }
  const ref = (name: string) => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in params) return params[name];
    if (name in template.Resources) return `<${name}>`;
    throw new Error(`!Ref ${name} names no parameter or resource`);
  };
  const condition = (name: string): boolean => {
    const defined = template.Conditions?.[name];
    if (defined === undefined) throw new Error(`condition ${name} is not defined`);
    return walk(defined) as boolean;
  };
  const substitute = (text: string, vars: Record<string, unknown>) =>
    text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in vars) return String(vars[name]);
      if (name.includes('.')) return `<${name}>`;
      return String(ref(name));
    });

  function walk(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(walk).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [key, arg] = entries[0] ?? [];
    if (entries.length === 1 && key === 'Ref') return ref(arg as string);
    if (entries.length === 1 && key === 'Condition') return condition(arg as string);
    if (entries.length === 1 && key?.startsWith('Fn::')) return call(key.slice(4), arg);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const evaluated = walk(v);
      if (evaluated !== NO_VALUE) out[k] = evaluated;
    }
    return out;
  }

  function call(name: string, arg: unknown): unknown {
    const args = arg as unknown[];
    switch (name) {
      case 'Sub': {
        if (typeof arg === 'string') return substitute(arg, {});
        const vars = walk(args[1]) as Record<string, unknown>;
        return substitute(args[0] as string, vars);
      }
      case 'Join':
        return (walk(args[1]) as unknown[]).join(walk(args[0]) as string);
      case 'Split':
        return (walk(args[1]) as string).split(walk(args[0]) as string);
      case 'Select':
        return (walk(args[1]) as unknown[])[Number(walk(args[0]))];
      case 'If':
        return condition(args[0] as string) ? walk(args[1]) : walk(args[2]);
      case 'FindInMap': {
        const [map, top, second] = args.map(walk) as string[];
        const found = template.Mappings?.[map!]?.[top!]?.[second!];
        if (found === undefined) throw new Error(`!FindInMap ${map}.${top}.${second} is not in Mappings`);
        return found;
      }
      case 'GetAtt': {
        const [id, attribute] = typeof arg === 'string' ? arg.split('.') : (args as string[]);
        if (!(id! in template.Resources)) throw new Error(`!GetAtt ${id}.${attribute} names no resource`);
        return `<${id}.${attribute}>`;
      }
      case 'Equals':
        return walk(args[0]) === walk(args[1]);
      case 'Not':
        return !walk(args[0]);
      case 'And':
        return args.every((a) => walk(a));
      case 'Or':
        return args.some((a) => walk(a));
      default:
        throw new Error(`Fn::${name} is not evaluated here`);
    }
  }

  return walk(node);
}

/** Every `{ Ref }`, `{ Fn::GetAtt }` and `${…}` of `Fn::Sub` in a part of a template, with where it is. */
export function references(
  node: unknown,
  where = '',
): { kind: 'Ref' | 'GetAtt' | 'Sub'; name: string; where: string }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => references(v, `${where}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  const found: { kind: 'Ref' | 'GetAtt' | 'Sub'; name: string; where: string }[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'Ref') found.push({ kind: 'Ref', name: value as string, where });
    else if (key === 'Fn::GetAtt') {
      const [id] = typeof value === 'string' ? value.split('.') : (value as string[]);
      found.push({ kind: 'GetAtt', name: id!, where });
    } else if (key === 'Fn::Sub') {
      const [text, vars] =
        typeof value === 'string' ? [value, {}] : (value as [string, Record<string, unknown>]);
      for (const match of text.matchAll(/\$\{([^}!]+)\}/g)) {
        const name = match[1]!;
        if (!(name in vars)) found.push({ kind: 'Sub', name: name.split('.')[0]!, where });
      }
      if (typeof value !== 'string') found.push(...references(vars, `${where}.Fn::Sub`));
      continue;
    }
    found.push(...references(value, `${where}.${key}`));
  }
  return found;
}
