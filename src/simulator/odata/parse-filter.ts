import { FilterSyntaxError, tokenizeFilter, type Token } from './tokenize-filter';

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type Literal = {
  kind: 'literal';
  type: 'string' | 'number' | 'boolean' | 'null' | 'datetime' | 'guid';
  value: string | number | boolean | null;
};
export type Operand = Literal | { kind: 'property'; path: string };
export type FilterExpr =
  | { kind: 'logical'; op: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'in'; left: Operand; values: Literal[] }
  | { kind: 'call'; name: 'startswith' | 'endswith'; property: Operand; value: Literal }
  | { kind: 'lambda'; op: 'any' | 'all'; collection: string; variable: string; predicate: FilterExpr };

const COMPARE = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['startswith', 'endswith']);

export { FilterSyntaxError };

/**
 * Recursive-descent parser: or < and < not < comparison < primary.
 * Throws FilterSyntaxError; callers map it to Graph's 400 "Invalid filter clause".
 */
export function parseFilter(text: string): FilterExpr {
  const tokens = tokenizeFilter(text);
  let i = 0;
  const peek = (): Token => tokens[i];
  const next = (): Token => tokens[i++];
  const isWord = (t: Token, word: string) => t.type === 'identifier' && t.value.toLowerCase() === word;
  const isPunct = (t: Token, p: string) => t.type === 'punct' && t.value === p;
  const describe = (t: Token) => (t.type === 'end' ? 'end of input' : `'${'value' in t ? t.value : ''}' at position ${t.pos}`);
  const expectPunct = (p: string) => {
    const t = next();
    if (!isPunct(t, p)) throw new FilterSyntaxError(`expected '${p}' but found ${describe(t)}`);
  };

  function parseOr(): FilterExpr {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      next();
      left = { kind: 'logical', op: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): FilterExpr {
    let left = parseUnary();
    while (isWord(peek(), 'and')) {
      next();
      left = { kind: 'logical', op: 'and', left, right: parseUnary() };
    }
    return left;
  }
  function parseUnary(): FilterExpr {
    if (isWord(peek(), 'not')) {
      next();
      return { kind: 'not', expr: parseUnary() };
    }
    return parseComparison();
  }
  function parseComparison(): FilterExpr {
    const t = peek();
    if (isPunct(t, '(')) {
      next();
      const inner = parseOr();
      expectPunct(')');
      return inner;
    }
    if (t.type === 'identifier' && isPunct(tokens[i + 1], '(') && !isLiteralWord(t.value)) return parseCall();
    const left = parseOperand();
    if (left.kind === 'property' && isPunct(peek(), '/') && isLambdaAhead()) return parseLambda(left.path);
    const op = peek();
    if (isWord(op, 'in')) {
      next();
      return { kind: 'in', left, values: parseLiteralList() };
    }
    if (op.type !== 'identifier' || !COMPARE.has(op.value.toLowerCase())) {
      throw new FilterSyntaxError(`expected a comparison operator but found ${describe(op)}`);
    }
    next();
    return { kind: 'compare', op: op.value.toLowerCase() as CompareOp, left, right: parseOperand() };
  }
  function isLambdaAhead(): boolean {
    const fn = tokens[i + 1];
    return fn?.type === 'identifier' && ['any', 'all'].includes(fn.value.toLowerCase()) && isPunct(tokens[i + 2], '(');
  }
  function parseLambda(collection: string): FilterExpr {
    next(); // '/'
    const op = (next() as { value: string }).value.toLowerCase() as 'any' | 'all';
    expectPunct('(');
    const variable = next();
    if (variable.type !== 'identifier') throw new FilterSyntaxError(`expected a lambda variable but found ${describe(variable)}`);
    expectPunct(':');
    const predicate = parseOr();
    expectPunct(')');
    return { kind: 'lambda', op, collection, variable: variable.value, predicate };
  }
  function parseCall(): FilterExpr {
    const nameToken = next() as { value: string; pos: number };
    const name = nameToken.value.toLowerCase();
    if (!FUNCTIONS.has(name)) throw new FilterSyntaxError(`an unknown function with name '${nameToken.value}' was found`);
    expectPunct('(');
    const property = parseOperand();
    expectPunct(',');
    const value = parseOperand();
    expectPunct(')');
    if (value.kind !== 'literal' || value.type !== 'string') {
      throw new FilterSyntaxError(`${name} expects a string literal as its second argument`);
    }
    const call: FilterExpr = { kind: 'call', name: name as 'startswith' | 'endswith', property, value };
    // `startswith(x,'a') eq true` is legal OData; accept it by folding the comparison.
    if (isWord(peek(), 'eq') && isWord(tokens[i + 1], 'true')) i += 2;
    else if (isWord(peek(), 'eq') && isWord(tokens[i + 1], 'false')) {
      i += 2;
      return { kind: 'not', expr: call };
    }
    return call;
  }
  function parseLiteralList(): Literal[] {
    expectPunct('(');
    const values: Literal[] = [];
    for (;;) {
      const v = parseOperand();
      if (v.kind !== 'literal') throw new FilterSyntaxError("the 'in' operator expects a list of literals");
      values.push(v);
      if (isPunct(peek(), ',')) {
        next();
        continue;
      }
      expectPunct(')');
      return values;
    }
  }
  function parseOperand(): Operand {
    const t = next();
    switch (t.type) {
      case 'string':
        return { kind: 'literal', type: 'string', value: t.value };
      case 'number':
        return { kind: 'literal', type: 'number', value: t.value };
      case 'datetime':
        return { kind: 'literal', type: 'datetime', value: t.value };
      case 'guid':
        return { kind: 'literal', type: 'guid', value: t.value };
      case 'identifier': {
        const word = t.value.toLowerCase();
        if (word === 'true' || word === 'false') return { kind: 'literal', type: 'boolean', value: word === 'true' };
        if (word === 'null') return { kind: 'literal', type: 'null', value: null };
        let path = t.value;
        // Property paths like assignedLicenses/skuId; stop before a lambda (`/any(`).
        while (isPunct(peek(), '/') && tokens[i + 1]?.type === 'identifier' && !isLambdaAhead()) {
          next();
          path += '/' + (next() as { value: string }).value;
        }
        return { kind: 'property', path };
      }
      default:
        throw new FilterSyntaxError(`unexpected ${describe(t)}`);
    }
  }

  const expr = parseOr();
  if (peek().type !== 'end') throw new FilterSyntaxError(`unexpected ${describe(peek())}`);
  return expr;
}

function isLiteralWord(word: string): boolean {
  return ['true', 'false', 'null', 'not'].includes(word.toLowerCase());
}
