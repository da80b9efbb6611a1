import type { Language } from './document-texts.ts';

export interface MailText {
  subject: string;
  body: string;
}

interface DocumentMail {
  kind: 'invoice' | 'credit_note';
  number: string;
  seller: string;
  buyer: string;
  /** Formatted in the language already. */
  total: string;
  dueDate: string | null;
  reference: string | null;
}

/** The e-mail that carries an invoice or a credit note, in the customer's language. */
export function documentMail(language: Language, mail: DocumentMail): MailText {
  const invoice = mail.kind === 'invoice';
  const due = mail.dueDate ?? '';
  const ref = mail.reference ?? '';
  switch (language) {
    case 'da':
      return {
        subject: `${invoice ? 'Faktura' : 'Kreditnota'} ${mail.number} fra ${mail.seller}`,
        body: invoice
          ? `Kære ${mail.buyer}\n\nHermed faktura ${mail.number} på ${mail.total}, som forfalder ${due}.${ref ? `\nBetalingsreference: ${ref}` : ''}\n\nFakturaen er vedhæftet som PDF.\n\nVenlig hilsen\n${mail.seller}\n`
          : `Kære ${mail.buyer}\n\nHermed kreditnota ${mail.number} på ${mail.total}.\n\nKreditnotaen er vedhæftet som PDF.\n\nVenlig hilsen\n${mail.seller}\n`,
      };
    case 'sv':
      return {
        subject: `${invoice ? 'Faktura' : 'Kreditfaktura'} ${mail.number} från ${mail.seller}`,
        body: invoice
          ? `Hej ${mail.buyer},\n\nHär kommer faktura ${mail.number} på ${mail.total}, förfallodag ${due}.${ref ? `\nOCR/referens: ${ref}` : ''}\n\nFakturan är bifogad som PDF.\n\nMed vänliga hälsningar\n${mail.seller}\n`
          : `Hej ${mail.buyer},\n\nHär kommer kreditfaktura ${mail.number} på ${mail.total}.\n\nKreditfakturan är bifogad som PDF.\n\nMed vänliga hälsningar\n${mail.seller}\n`,
      };
    case 'de':
      return {
        subject: `${invoice ? 'Rechnung' : 'Gutschrift'} ${mail.number} von ${mail.seller}`,
        body: invoice
          ? `Guten Tag ${mail.buyer},\n\nanbei erhalten Sie die Rechnung ${mail.number} über ${mail.total}, fällig am ${due}.${ref ? `\nVerwendungszweck: ${ref}` : ''}\n\nDie Rechnung ist als PDF angehängt.\n\nMit freundlichen Grüßen\n${mail.seller}\n`
          : `Guten Tag ${mail.buyer},\n\nanbei erhalten Sie die Gutschrift ${mail.number} über ${mail.total}.\n\nDie Gutschrift ist als PDF angehängt.\n\nMit freundlichen Grüßen\n${mail.seller}\n`,
      };
    case 'en':
      return {
        subject: `${invoice ? 'Invoice' : 'Credit note'} ${mail.number} from ${mail.seller}`,
        body: invoice
          ? `Dear ${mail.buyer},\n\nPlease find attached invoice ${mail.number} for ${mail.total}, due on ${due}.${ref ? `\nPayment reference: ${ref}` : ''}\n\nKind regards\n${mail.seller}\n`
          : `Dear ${mail.buyer},\n\nPlease find attached credit note ${mail.number} for ${mail.total}.\n\nKind regards\n${mail.seller}\n`,
      };
  }
}

/** A payment reminder (dunning), in the customer's language. */
export function reminderMail(
  language: Language,
  mail: {
    number: string;
    seller: string;
    buyer: string;
    balance: string;
    dueDate: string;
    reference: string | null;
    step: number;
  },
): MailText {
  const ref = mail.reference ?? '';
  switch (language) {
    case 'da':
      return {
        subject: `Påmindelse ${mail.step}: faktura ${mail.number} fra ${mail.seller}`,
        body: `Kære ${mail.buyer}\n\nVi har endnu ikke modtaget betaling af faktura ${mail.number}, som forfaldt ${mail.dueDate}. Restbeløb: ${mail.balance}${ref ? `\nBetalingsreference: ${ref}` : ''}\n\nHar du allerede betalt, kan du se bort fra denne påmindelse.\n\nVenlig hilsen\n${mail.seller}\n`,
      };
    case 'sv':
      return {
        subject: `Påminnelse ${mail.step}: faktura ${mail.number} från ${mail.seller}`,
        body: `Hej ${mail.buyer},\n\nVi har ännu inte fått betalt för faktura ${mail.number}, som förföll ${mail.dueDate}. Att betala: ${mail.balance}${ref ? `\nOCR/referens: ${ref}` : ''}\n\nOm du redan har betalat kan du bortse från denna påminnelse.\n\nMed vänliga hälsningar\n${mail.seller}\n`,
      };
    case 'de':
      return {
        subject: `Zahlungserinnerung ${mail.step}: Rechnung ${mail.number} von ${mail.seller}`,
        body: `Guten Tag ${mail.buyer},\n\nfür die Rechnung ${mail.number}, fällig am ${mail.dueDate}, ist noch ${mail.balance} offen.${ref ? `\nVerwendungszweck: ${ref}` : ''}\n\nFalls Sie bereits gezahlt haben, betrachten Sie diese Erinnerung bitte als gegenstandslos.\n\nMit freundlichen Grüßen\n${mail.seller}\n`,
      };
    case 'en':
      return {
        subject: `Reminder ${mail.step}: invoice ${mail.number} from ${mail.seller}`,
        body: `Dear ${mail.buyer},\n\nWe have not yet received payment of invoice ${mail.number}, due on ${mail.dueDate}. Balance: ${mail.balance}${ref ? `\nPayment reference: ${ref}` : ''}\n\nIf you have already paid, please disregard this reminder.\n\nKind regards\n${mail.seller}\n`,
      };
  }
}
