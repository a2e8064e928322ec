import fc from 'fast-check';
import { parseCommand } from '../../src/core/parse-command';
import { COMMANDS } from '../../src/router/command-table';

describe('parseCommand, property-based', () => {
  it('never throws, and yields a lower-case verb without spaces and trimmed args', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(undefined, null, '', ' ', '<at>x</at>')),
        (input) => {
          const { verb, args } = parseCommand(input);
          expect(verb).toBe(verb.toLowerCase());
          expect(verb).not.toMatch(/\s/);
          expect(args).toBe(args.trim());
          expect(args).not.toMatch(/\s{2,}/);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finds the verb whatever the case, mention or spacing around it', () => {
    const name = fc.constantFrom(...COMMANDS.map((c) => c.name));
    const arg = fc.stringMatching(/^[A-Za-z0-9@.'é-]{1,20}$/);
    fc.assert(
      fc.property(name, arg, fc.boolean(), fc.constantFrom(' ', '  ', '\t', '\u00a0'), (verb, a, mention, gap) => {
        const cased = verb.toUpperCase();
        const text = `${mention ? '<at>mfa-bot</at> ' : ''}${cased}${gap}${a}`;
        expect(parseCommand(text)).toEqual({ verb, args: a });
      }),
      { numRuns: 1000 },
    );
  });
});
