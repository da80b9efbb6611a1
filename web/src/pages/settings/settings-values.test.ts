import { describe, expect, it } from 'vitest';
import { dunningDaysOf } from './InvoicingSection.tsx';
import { originsOf } from './PortalSection.tsx';

describe('what a person types in the settings, as the API takes it', () => {
  it('reminder days: numbers as numbers, anything else as typed for the API to name', () => {
    expect(dunningDaysOf('3, 7;14  21')).toEqual([3, 7, 14, 21]);
    expect(dunningDaysOf('3, seven')).toEqual([3, 'seven']);
    expect(dunningDaysOf('')).toEqual([]);
  });

  it('origins: one a line, or separated by commas or spaces; nothing typed is none', () => {
    expect(originsOf('https://shop.example.com\nhttps://members.example.com:8443')).toEqual([
      'https://shop.example.com',
      'https://members.example.com:8443',
    ]);
    expect(originsOf(' https://a.example, https://b.example ')).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(originsOf('')).toEqual([]);
    expect(originsOf(null)).toEqual([]);
  });
});
