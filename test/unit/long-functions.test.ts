import assert from 'node:assert/strict';
import { longFunctions } from '../../scripts/long-functions';

/** A function whose body has `bodyLines` statement lines, so `bodyLines + 2` lines in all. */
function functionText(header: string, bodyLines: number, close = '}'): string {
  const body = Array.from({ length: bodyLines }, (_, index) => `  const v${index} = ${index};`);
  return [header, ...body, close].join('\n');
}

describe('scripts/long-functions (the size check of .ci/run)', () => {
  it('reports a function over 80 lines with its name, first line and length', () => {
    const text = ['// a short file', functionText('export function tooLong(): void {', 79)].join('\n');
    const found = longFunctions('src/x.ts', text);
    assert.deepEqual(
      found.map(({ key, place, lines }) => ({ key, place, lines })),
      [{ key: 'function src/x.ts tooLong', place: 'src/x.ts:2 tooLong', lines: 81 }],
    );
  });

  it('lets a function of exactly 80 lines pass', () => {
    assert.deepEqual(longFunctions('src/x.ts', functionText('function fits(): void {', 78)), []);
  });

  it("names an arrow function by its const, and accepts a '// long:' reason right above it", () => {
    const arrow = functionText('export const table = (): void => {', 90, '};');
    assert.equal(longFunctions('src/x.ts', arrow)[0]?.key, 'function src/x.ts table');
    const reasoned = `/** The table. */\n// long: one lookup table, read top to bottom\n${arrow}`;
    assert.deepEqual(longFunctions('src/x.ts', reasoned), []);
  });

  it('does not take an empty or unrelated comment as a reason', () => {
    const method = functionText('  method(): void {', 85, '  }');
    const withoutReason = `class K {\n  // long:\n${method}\n}`;
    assert.equal(longFunctions('src/x.ts', withoutReason)[0]?.key, 'function src/x.ts method');
    const unrelated = `class K {\n  // too long, sorry\n${method}\n}`;
    assert.equal(longFunctions('src/x.ts', unrelated).length, 1);
  });
});
