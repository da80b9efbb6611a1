import { hasValidLuhnDigit } from './luhn.ts';

export type SwedishIdKind = 'personnummer' | 'samordningsnummer' | 'organisationsnummer';

export type SwedishIdParse =
  | { ok: true; kind: SwedishIdKind; normalized: string }
  | { ok: false; reason: 'format' | 'date' | 'check_digit' };

/**
 * Reads a Swedish personnummer (YYMMDD-NNNN, YYMMDD+NNNN for 100 years and older, YYYYMMDD-NNNN,
 * with or without the separator), samordningsnummer (day + 60) or organisationsnummer (NNNNNN-NNNN,
 * third digit at least 2, optionally prefixed by 16), and checks the Luhn digit over the ten-digit form.
 * Normalized: personnummer and samordningsnummer as YYYYMMDD-NNNN, organisationsnummer as NNNNNN-NNNN.
 * `today` decides the century of a ten-digit personnummer.
 */
export function parseSwedishNationalId(
  input: string,
  today: { year: number; month: number; day: number },
): SwedishIdParse {
  const match = /^(\d{2})?(\d{6})([-+]?)(\d{4})$/.exec(input.trim());
  if (!match) return { ok: false, reason: 'format' };
  const [, century, yymmdd, separator, serial] = match as unknown as [
    string,
    string | undefined,
    string,
    string,
    string,
  ];
  const ten = `${yymmdd}${serial}`;
  const monthField = Number(yymmdd.slice(2, 4));

  if (monthField >= 20) {
    if (century !== undefined && century !== '16') return { ok: false, reason: 'format' };
    if (separator === '+') return { ok: false, reason: 'format' };
    if (!hasValidLuhnDigit(ten)) return { ok: false, reason: 'check_digit' };
    return { ok: true, kind: 'organisationsnummer', normalized: `${yymmdd}-${serial}` };
  }
  if (century !== undefined && separator === '+') return { ok: false, reason: 'format' };

  const yy = Number(yymmdd.slice(0, 2));
  const dayField = Number(yymmdd.slice(4, 6));
  const coordination = dayField > 60;
  const day = coordination ? dayField - 60 : dayField;
  let year: number;
  if (century !== undefined) {
    year = Number(century) * 100 + yy;
  } else {
    year = Math.floor(today.year / 100) * 100 + yy;
    const bornAfterToday =
      year > today.year ||
      (year === today.year && (monthField > today.month || (monthField === today.month && day > today.day)));
    if (bornAfterToday) year -= 100;
    if (separator === '+') year -= 100;
  }
  if (!isCalendarDate(year, monthField, day)) return { ok: false, reason: 'date' };
  if (!hasValidLuhnDigit(ten)) return { ok: false, reason: 'check_digit' };
  const normalized = `${String(year).padStart(4, '0')}${yymmdd.slice(2)}-${serial}`;
  return { ok: true, kind: coordination ? 'samordningsnummer' : 'personnummer', normalized };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}
