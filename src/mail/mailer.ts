import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  /** Answers the message id; throws when the message could not be handed over. */
  send(message: MailMessage): Promise<string>;
  readonly description: string;
}

/** Delivery through an SMTP server (`smtp://user:pass@host:587`, `smtps://…`). */
export function smtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    description: `SMTP ${new URL(url).host}`,
    async send(message) {
      const info = await transport.sendMail(message);
      return info.messageId;
    },
  };
}

/**
 * Without SMTP settings (the embedded default), each message is written as an `.eml` file to a local
 * outbox folder: every mail program opens them, and nothing is lost while no server is configured.
 */
export function outboxMailer(folder: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    description: `outbox folder ${folder}`,
    async send(message) {
      const info = await transport.sendMail(message);
      mkdirSync(folder, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^A-Za-z0-9.-]/g, '')}.eml`;
      writeFileSync(join(folder, name), info.message as Buffer);
      return info.messageId;
    },
  };
}
