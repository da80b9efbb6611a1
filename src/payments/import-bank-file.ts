import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import { todayIn } from '../clock.ts';
import type { UseCaseContext } from '../context.ts';
import { transact } from '../db/transaction.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { unsafeLine, unsafeTextMessage } from '../domain/unsafe-input.ts';
import { fail, ok, type Result } from '../errors.ts';
import { dateString } from '../http/common-schemas.ts';
import { newId } from '../ids.ts';
import { BankFileError, parseBankFile } from './bank-files/bank-file.ts';
import { bookPayment } from './book-payment.ts';
import { bankFileImportExample } from './payment-examples.ts';

export const importReportSchema = z
  .object({
    format: z.enum(['bgmax', 'camt054']),
    matched: z.number().int(),
    unmatched: z.number().int(),
    duplicates: z.number().int(),
    lines: z.array(
      z.object({
        line: z.number().int().describe('Record number (BgMax) or payment number (camt.054) in the file'),
        bank_reference: z.string(),
        reference: z.string().nullable(),
        amount: z.string(),
        currency: z.string(),
        date: dateString,
        outcome: z.enum(['matched', 'unmatched', 'duplicate']),
        payment: z.uuid().nullable(),
        invoice: z.string().nullable().describe('The invoice number it paid'),
        credit: z.string().describe('Over the invoice balance: kept as account credit'),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'BankFileImport', examples: [bankFileImportExample] });
export type ImportReport = z.output<typeof importReportSchema>;

/**
 * Books a bank file (Bankgirot BgMax or ISO 20022 camt.054) in one transaction: each payment matched
 * by its reference, every unmatched line reported with the reason, and a payment the bank already
 * sent (its bank reference is on record) reported as a duplicate and not booked again. A damaged file
 * books nothing.
 */
export async function importBankFile(ctx: UseCaseContext, content: string): Promise<Result<ImportReport>> {
  // A NUL (a payer name, a broken file) or a lone surrogate cannot be stored: the file is refused whole.
  const unsafe = unsafeLine(content);
  if (unsafe) {
    const message = `line ${unsafe.line} ${unsafeTextMessage(unsafe.code)}`;
    return fail('validation_failed', `bank file: ${message}`, [
      { field: 'content', code: unsafe.code, message },
    ]);
  }
  let parsed: ReturnType<typeof parseBankFile>;
  try {
    parsed = parseBankFile(content);
  } catch (error) {
    if (error instanceof BankFileError)
      return fail('validation_failed', `bank file: ${error.message}`, [
        { field: 'content', code: 'bank_file', message: error.message },
      ]);
    throw error;
  }
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const org = await tx
      .selectFrom('organizations')
      .select('timezone')
      .where('id', '=', organizationId)
      .executeTakeFirstOrThrow();
    const today = todayIn(ctx.clock, org.timezone);
    const now = ctx.clock.now();
    const report: ImportReport = {
      format: parsed.format,
      matched: 0,
      unmatched: 0,
      duplicates: 0,
      lines: [],
    };
    for (const line of parsed.lines) {
      const booked = await bookPayment(
        tx,
        organizationId,
        {
          source: parsed.format,
          externalId: line.bankReference,
          amount: line.amountMinor,
          currency: line.currency,
          date: line.bookingDate,
          reference: line.reference,
          payerName: line.payerName,
          invoiceId: null,
        },
        today,
        now,
      );
      if (booked.outcome === 'duplicate') report.duplicates++;
      else if (booked.outcome === 'matched') report.matched++;
      else report.unmatched++;
      report.lines.push({
        line: line.lineNo,
        bank_reference: line.bankReference,
        reference: line.reference,
        amount: formatMinorUnits(line.amountMinor, line.currency),
        currency: line.currency,
        date: line.bookingDate,
        outcome: booked.outcome,
        payment: booked.paymentId,
        invoice: booked.outcome === 'matched' ? booked.invoice!.number : null,
        credit: formatMinorUnits(booked.outcome === 'duplicate' ? 0 : booked.credit, line.currency),
        reason: booked.outcome === 'duplicate' ? 'already booked from an earlier import' : booked.reason,
      });
    }
    await recordChange(tx, ctx, {
      action: 'payments.imported',
      entityType: 'bank_file',
      entityId: newId(),
      before: null,
      after: {
        format: report.format,
        matched: report.matched,
        unmatched: report.unmatched,
        duplicates: report.duplicates,
      },
    });
    return ok(report);
  });
}
