// Outgoing e-mail through the installation's SMTP server (SMTP_URL, MAIL_FROM). Without SMTP_URL nothing is sent:
// `enabled` says so, and callers decide what that means for them. One per process (opened with the other
// resources): alert e-mails and password-reset links go through the same transport. nodemailer is loaded with
// the first message, so a process that sends none (a worker without SMTP_URL, most of the time) never holds it.
import type { Transporter } from 'nodemailer';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
}

export class Mailer {
  private transport?: Promise<Transporter>;
  private closed = false;

  constructor(
    private readonly smtpUrl: string | undefined,
    private readonly from: string,
  ) {}

  get enabled(): boolean {
    return this.smtpUrl !== undefined && this.smtpUrl !== '';
  }

  async send(message: MailMessage): Promise<void> {
    if (!this.enabled || this.closed) return;
    const smtpUrl = this.smtpUrl!;
    this.transport ??= import('nodemailer').then(({ createTransport }) => createTransport(smtpUrl));
    await (await this.transport).sendMail({ from: this.from, ...message });
  }

  /** Closes pooled SMTP connections (none unless SMTP_URL asked for a pool). */
  close(): void {
    this.closed = true;
    void this.transport?.then((transport) => transport.close()).catch(() => undefined);
  }
}
