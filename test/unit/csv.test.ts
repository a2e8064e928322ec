import { csvCell, csvLine } from '../../src/exports/csv';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ["Seán O'Brien", "Seán O'Brien"],
    ['Zoë Åström ✓', 'Zoë Åström ✓'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+2', "'=1+2"],
    ['+1 425 555', "'+1 425 555"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"'],
    [' padded', '" padded"'],
  ])('%j → %s', (input, out) => expect(csvCell(input)).toBe(out));

  it('numbers, booleans and empties', () => {
    expect(csvLine([1, true, false, null, undefined, ''])).toBe('1,true,false,,,\r\n');
  });
});
