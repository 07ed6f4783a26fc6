import { Injectable } from '@nestjs/common';
import { issuerAddress, issuerContact, MessageSignature } from '@app/platform';
import { CentreService } from './centre.service';

/**
 * Port MESSAGE_SIGNATURE (issue 14): every message ends with the centre's identity — its name, the
 * signatory, the address, the agrément number and how to reach it — and answers go to its e-mail.
 */
@Injectable()
export class MessageSignatureProvider implements MessageSignature {
  constructor(private readonly centre: CentreService) {}

  async signature(): Promise<{ name: string; replyTo: string | null; footer: string }> {
    const { name, signatoryName, signatoryTitle, agrementNumber, email, ...rest } = await this.centre.get();
    const issuer = { name, signatoryName, signatoryTitle, agrementNumber, email, ...rest, logo: null };
    const lines = [
      signatoryName ? `${signatoryName}${signatoryTitle ? `, ${signatoryTitle}` : ''}` : '',
      name,
      issuerAddress(issuer),
      agrementNumber ? `Organisme de formation n° ${agrementNumber}` : '',
      issuerContact(issuer),
    ].filter(Boolean);
    return { name, replyTo: email || null, footer: lines.join('\n') };
  }
}
