import { badRequest, unsupportedQuery } from '../http/graph-error';
import { FilterSyntaxError, parseFilter, type FilterExpr, type Literal, type Operand } from './parse-filter';
import { asText } from './as-text';

export type PropType = 'string' | 'boolean' | 'datetime' | 'number' | 'guid' | 'stringCollection';
export interface PropSpec {
  type: PropType;
  /** Operators/functions allowed on this property; all when omitted. */
  ops?: readonly string[];
  /** Filtering rejected with this message (e.g. serviceHealthIssue.details). */
  notFilterable?: string;
}
export interface FilterSchema {
  /** OData type name for messages, e.g. microsoft.graph.user */
  entity: string;
  /** Resource name for unsupported-query messages, e.g. User */
  resource: string;
  props: Record<string, PropSpec>;
}

export interface CompiledFilter<T> {
  test: (item: T) => boolean;
  /** Features that Graph only serves as advanced queries (ne, not, endswith). */
  advancedFeatures: string[];
}

type Getter<T> = (item: T, property: string) => unknown;
type Evaluator<T> = (item: T, scope?: unknown) => unknown;

const EDM: Record<string, string> = {
  string: 'Edm.String',
  boolean: 'Edm.Boolean',
  datetime: 'Edm.DateTimeOffset',
  number: 'Edm.Int32',
  guid: 'Edm.Guid',
  null: 'null',
};

/** Parses, validates against the schema and compiles a $filter into a predicate. Throws GraphHttpError 400. */
export function compileFilter<T>(text: string, schema: FilterSchema, get: Getter<T>): CompiledFilter<T> {
  let ast: FilterExpr;
  try {
    ast = parseFilter(text);
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw badRequest(`Invalid filter clause: ${err.message}`);
    throw err;
  }
  const advancedFeatures: string[] = [];
  const specs = new Map(Object.entries(schema.props).map(([name, spec]) => [name.toLowerCase(), { name, spec }]));

  function lookup(path: string, op: string): { name: string; spec: PropSpec } {
    const found = specs.get(path.toLowerCase());
    if (!found) throw badRequest(`Invalid filter clause: Could not find a property named '${path}' on type '${schema.entity}'.`);
    if (found.spec.notFilterable) throw badRequest(found.spec.notFilterable);
    if (found.spec.ops && !found.spec.ops.includes(op)) {
      throw unsupportedQuery(
        `Unsupported or invalid query filter clause specified for property '${found.name}' of resource '${schema.resource}'.`,
      );
    }
    return found;
  }

  function operand(o: Operand, op: string, lambdaVar?: string): { type: string; ev: Evaluator<T> } {
    if (o.kind === 'literal') return { type: o.type, ev: () => o.value };
    if (lambdaVar && o.path === lambdaVar) return { type: 'string', ev: (_item, scope) => scope };
    const { name, spec } = lookup(o.path, op);
    if (spec.type === 'stringCollection') throw badRequest(`Invalid filter clause: '${name}' is a collection; use any().`);
    return { type: spec.type, ev: (item) => get(item, name) };
  }

  function compile(e: FilterExpr, lambdaVar?: string): Evaluator<T> {
    switch (e.kind) {
      case 'logical': {
        const l = compile(e.left, lambdaVar);
        const r = compile(e.right, lambdaVar);
        return e.op === 'and' ? (x, s) => Boolean(l(x, s)) && Boolean(r(x, s)) : (x, s) => Boolean(l(x, s)) || Boolean(r(x, s));
      }
      case 'not': {
        advancedFeatures.push('not');
        const inner = compile(e.expr, lambdaVar);
        return (x, s) => !inner(x, s);
      }
      case 'compare': {
        if (e.op === 'ne') advancedFeatures.push('ne');
        const l = operand(e.left, e.op, lambdaVar);
        const r = operand(e.right, e.op, lambdaVar);
        checkTypes(l.type, r.type, e.op);
        const datetime = l.type === 'datetime' || r.type === 'datetime';
        return (x, s) => compareValues(e.op, l.ev(x, s), r.ev(x, s), datetime);
      }
      case 'in': {
        const l = operand(e.left, 'in', lambdaVar);
        const wanted = e.values.map((v) => normalize(v.value));
        return (x, s) => wanted.includes(normalize(l.ev(x, s)));
      }
      case 'call': {
        if (e.name === 'endswith') advancedFeatures.push('endswith');
        const l = operand(e.property, e.name, lambdaVar);
        if (l.type !== 'string') throw badRequest(`Invalid filter clause: ${e.name} is only supported on string properties.`);
        const needle = String(e.value.value).toLowerCase();
        return e.name === 'startswith'
          ? (x, s) => asText(l.ev(x, s)).toLowerCase().startsWith(needle)
          : (x, s) => asText(l.ev(x, s)).toLowerCase().endsWith(needle);
      }
      case 'lambda': {
        const { name, spec } = lookup(e.collection, e.op);
        if (spec.type !== 'stringCollection') throw badRequest(`Invalid filter clause: '${name}' is not a collection.`);
        const predicate = compile(e.predicate, e.variable);
        return (x) => {
          const values = (get(x, name) as unknown[] | undefined) ?? [];
          return e.op === 'any' ? values.some((v) => predicate(x, v)) : values.every((v) => predicate(x, v));
        };
      }
    }
  }

  const root = compile(ast);
  return { test: (item) => Boolean(root(item)), advancedFeatures };
}

function checkTypes(left: string, right: string, op: string) {
  if (left === 'null' || right === 'null' || left === right) return;
  const stringish = new Set(['string', 'guid']);
  if (stringish.has(left) && stringish.has(right)) return;
  throw badRequest(
    `Invalid filter clause: A binary operator with incompatible types was detected. Found operand types '${EDM[left] ?? left}' and '${EDM[right] ?? right}' for operator kind '${op}'.`,
  );
}

function normalize(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

/** Graph compares directory strings case-insensitively; datetimes by instant. */
export function compareValues(op: string, a: unknown, b: unknown, datetime: boolean): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    const equal = (a ?? null) === (b ?? null);
    return op === 'eq' ? equal : op === 'ne' ? !equal : false;
  }
  let x: unknown = normalize(a);
  let y: unknown = normalize(b);
  if (datetime) {
    x = Date.parse(asText(a));
    y = Date.parse(asText(b));
  }
  switch (op) {
    case 'eq':
      return x === y;
    case 'ne':
      return x !== y;
    case 'gt':
      return (x as number) > (y as number);
    case 'ge':
      return (x as number) >= (y as number);
    case 'lt':
      return (x as number) < (y as number);
    default:
      return (x as number) <= (y as number);
  }
}

export type { Literal };
