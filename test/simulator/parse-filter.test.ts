import { compileFilter, type FilterSchema } from '../../src/simulator/odata/evaluate-filter';
import { FilterSyntaxError, parseFilter } from '../../src/simulator/odata/parse-filter';
import { GraphHttpError } from '../../src/simulator/http/graph-error';

const schema: FilterSchema = {
  entity: 'microsoft.graph.user',
  resource: 'User',
  props: {
    displayName: { type: 'string' },
    userPrincipalName: { type: 'string' },
    accountEnabled: { type: 'boolean' },
    createdDateTime: { type: 'datetime' },
    methodsRegistered: { type: 'stringCollection' },
    details: { type: 'stringCollection', notFilterable: "filtering on 'details' is not supported" },
  },
};
type Row = Record<string, unknown>;
const rows: Row[] = [
  {
    displayName: "Seán O'Brien",
    userPrincipalName: 'sean.obrien@contoso.example',
    accountEnabled: true,
    createdDateTime: '2024-01-01T00:00:00Z',
    methodsRegistered: [],
  },
  {
    displayName: 'Alice Anders',
    userPrincipalName: 'alice@contoso.example',
    accountEnabled: true,
    createdDateTime: '2025-03-01T10:00:00Z',
    methodsRegistered: ['fido2', 'mobilePhone'],
  },
  {
    displayName: 'Dave Disabled',
    userPrincipalName: 'dave@contoso.example',
    accountEnabled: false,
    createdDateTime: '2023-05-01T00:00:00Z',
    methodsRegistered: ['mobilePhone'],
  },
];
const run = (filter: string) => rows.filter(compileFilter<Row>(filter, schema, (r, p) => r[p]).test).map((r) => r.displayName);
const status400 = (filter: string) => {
  try {
    compileFilter<Row>(filter, schema, (r, p) => r[p]);
  } catch (err) {
    expect(err).toBeInstanceOf(GraphHttpError);
    return err as GraphHttpError;
  }
  throw new Error(`expected ${filter} to be rejected`);
};

describe('parseFilter', () => {
  it('parses precedence: not > and > or', () => {
    expect(parseFilter("a eq 'x' or b eq 'y' and not c eq 'z'")).toMatchObject({
      kind: 'logical',
      op: 'or',
      right: { kind: 'logical', op: 'and', right: { kind: 'not' } },
    });
  });

  it("unescapes '' inside string literals", () => {
    expect(parseFilter("displayName eq 'O''Brien'")).toMatchObject({ right: { kind: 'literal', value: "O'Brien" } });
  });

  it('recognises datetimes, guids, booleans, null and in-lists', () => {
    expect(parseFilter('createdDateTime ge 2025-03-01T00:00:00Z')).toMatchObject({ right: { type: 'datetime' } });
    expect(parseFilter('id eq 62e90394-69f5-4237-9190-012177145e10')).toMatchObject({ right: { type: 'guid' } });
    expect(parseFilter('accountEnabled eq false')).toMatchObject({ right: { type: 'boolean', value: false } });
    expect(parseFilter('endDateTime eq null')).toMatchObject({ right: { type: 'null' } });
    expect(parseFilter("userType in ('Member', 'Guest')")).toMatchObject({ kind: 'in', values: [{ value: 'Member' }, { value: 'Guest' }] });
  });

  it('parses lambdas on collections', () => {
    expect(parseFilter("methodsRegistered/any(m:m eq 'fido2')")).toMatchObject({
      kind: 'lambda',
      op: 'any',
      collection: 'methodsRegistered',
      variable: 'm',
    });
  });

  it.each([
    "startswith(displayName,'o'brien')",
    "displayName eq 'unterminated",
    'displayName eq',
    "(displayName eq 'a'",
    "displayName eq 'a' and",
    "displayName eq 'a' 'b'",
    "displayName like 'a'",
    "frobnicate(displayName,'a')",
  ])('rejects malformed %s', (filter) => {
    expect(() => parseFilter(filter)).toThrow(FilterSyntaxError);
  });
});

describe('compileFilter', () => {
  it('compares strings case-insensitively, as Graph does for users', () => {
    expect(run("startswith(displayName,'seán o''b')")).toEqual(["Seán O'Brien"]);
    expect(run("userPrincipalName eq 'ALICE@contoso.example'")).toEqual(['Alice Anders']);
    expect(run("endswith(userPrincipalName,'@CONTOSO.example') and accountEnabled eq false")).toEqual(['Dave Disabled']);
  });

  it('compares datetimes as instants', () => {
    expect(run('createdDateTime ge 2024-01-01T00:00:00Z')).toEqual(["Seán O'Brien", 'Alice Anders']);
    expect(run('createdDateTime gt 2024-01-01T00:00:00.000+00:00')).toEqual(['Alice Anders']);
  });

  it('evaluates any() lambdas, in-lists, not and parentheses', () => {
    expect(run("methodsRegistered/any(m:m eq 'FIDO2')")).toEqual(['Alice Anders']);
    expect(run("displayName in ('dave disabled', 'nobody')")).toEqual(['Dave Disabled']);
    expect(run("not (accountEnabled eq true or startswith(displayName,'a'))")).toEqual(['Dave Disabled']);
  });

  it('reports advanced-query features', () => {
    expect(compileFilter("displayName ne 'x' and not endswith(displayName,'y')", schema, () => '').advancedFeatures.sort()).toEqual([
      'endswith',
      'ne',
      'not',
    ]);
  });

  it('turns syntax errors into 400 BadRequest "Invalid filter clause"', () => {
    const err = status400("startswith(displayName,'o'brien')");
    expect(err.status).toBe(400);
    expect(err.code).toBe('BadRequest');
    expect(err.message).toMatch(/^Invalid filter clause/);
  });

  it('rejects unknown properties, unknown functions, type mismatches and unfilterable properties', () => {
    expect(status400("nickname eq 'x'").message).toMatch(/Could not find a property named 'nickname'/);
    expect(status400("contains(displayName,'x')").message).toMatch(/unknown function/);
    expect(status400("accountEnabled eq 'yes'").message).toMatch(/incompatible types/);
    expect(status400("details/any(d:d eq 'x')").message).toMatch(/details/);
  });
});
