import { z } from 'zod';
import { electronicAddressProblem, parseElectronicAddress } from '../domain/einvoice/electronic-address.ts';

/** The e-invoice formats an account may prefer (and the API writes). */
export const EINVOICE_FORMAT_NAMES = ['peppol-bis', 'xrechnung-ubl', 'xrechnung-cii', 'zugferd'] as const;

/**
 * A Peppol participant id as "scheme:id" (`0184:12345678`, `0088:5790000435968`,
 * `0204:04011000-1234512345-06`), checked against its scheme's rules.
 */
export const electronicAddressField = z
  .string()
  .trim()
  .max(120)
  .superRefine((value, ctx) => {
    const parsed = parseElectronicAddress(value);
    const problem = parsed ? electronicAddressProblem(parsed) : 'write it as scheme:id, e.g. 0184:12345678';
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => {
    const parsed = parseElectronicAddress(value)!;
    return `${parsed.scheme}:${parsed.id}`;
  })
  .nullable()
  .optional()
  .describe(
    'Peppol participant id (EN 16931 electronic address) as scheme:id, e.g. 0184:12345678 (Danish CVR), ' +
      '0007:5560360793 (Swedish organization number), 0088:<GLN>, 9930:DE123456788, 0204:<Leitweg-ID>; ' +
      'default: derived from the VAT number',
  );

export const referenceField = (what: string) =>
  z.string().trim().min(1).max(200).nullable().optional().describe(what);

export const einvoiceAccountFields = {
  electronic_address: electronicAddressField,
  buyer_reference: referenceField(
    "The buyer's reference (EN 16931 BT-10) on every invoice: a Leitweg-ID for German public buyers; XRechnung requires it",
  ),
  purchase_order_reference: referenceField('The purchase-order reference (BT-13) on every invoice'),
  einvoice_format: z
    .enum(EINVOICE_FORMAT_NAMES)
    .nullable()
    .optional()
    .describe('The e-invoice this account receives: a draft that lacks what the format needs cannot be sent'),
};
