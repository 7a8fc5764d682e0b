// Outgoing e-mail through the installation's SMTP server (SMTP_URL, MAIL_FROM). Without SMTP_URL nothing is sent:
// `enabled` says so, and callers decide what that means for them. One per process (opened with the other
// resources): alert e-mails and password-reset links go through the same transport.
import { createTransport, Transporter } from 'nodemailer';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
}

export class Mailer {
  private readonly transport?: Transporter;

  constructor(
    smtpUrl: string | undefined,
    private readonly from: string,
  ) {
    if (smtpUrl) this.transport = createTransport(smtpUrl);
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  async send(message: MailMessage): Promise<void> {
    if (!this.transport) return;
    await this.transport.sendMail({ from: this.from, ...message });
  }

  /** Closes pooled SMTP connections (none unless SMTP_URL asked for a pool). */
  close(): void {
    this.transport?.close();
  }
}
