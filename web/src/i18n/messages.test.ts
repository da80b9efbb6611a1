import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { da } from './messages/da.ts';
import { de } from './messages/de.ts';
import { en } from './messages/en.ts';
import { sv } from './messages/sv.ts';

/** The names of the arguments an ICU message uses ({count}, {name}). */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: ReturnType<typeof parse>) => {
    for (const element of elements) {
      if (element.type !== TYPE.literal && element.type !== TYPE.pound && 'value' in element)
        names.add(String(element.value));
      if ('options' in element)
        for (const option of Object.values(element.options))
          walk((option as { value: ReturnType<typeof parse> }).value);
    }
  };
  walk(parse(message));
  return [...names].sort();
}

describe.each([
  ['da', da],
  ['sv', sv],
  ['de', de],
])('the %s texts', (_language, texts) => {
  it("have exactly English's ids, none empty", () => {
    expect(Object.keys(texts).sort()).toEqual(Object.keys(en).sort());
    for (const [id, text] of Object.entries(texts)) expect(text.trim(), id).not.toBe('');
  });

  it('are valid ICU messages with the same arguments as English', () => {
    for (const [id, text] of Object.entries(texts))
      expect(argumentsOf(text), id).toEqual(argumentsOf(en[id as keyof typeof en]));
  });
});
