/** Sending mail through SMTP_URL with nodemailer. Tests point it at an in-process smtp-server. */
import nodemailer from 'nodemailer';
import type { Message } from './messages';

export interface Mailer {
  send(message: Message): Promise<void>;
  close(): void;
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close()
  };
}
