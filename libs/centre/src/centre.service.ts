import { Injectable } from '@nestjs/common';
import { AppConfig, DocumentIssuer } from '@app/platform';

/**
 * The centre's identity (issue 12): name, address, agrément / CERES number, contact, signatory,
 * logo — printed on every document. Skeleton: reads the first-start default (CENTRE_NAME).
 */
@Injectable()
export class CentreService {
  constructor(private readonly config: AppConfig) {}

  /** Who issues the documents, as printed on their letterhead and signature block. */
  async issuer(): Promise<DocumentIssuer> {
    return {
      name: this.config.centreName,
      address: '',
      postalCode: '',
      city: '',
      agrementNumber: '',
      email: '',
      phone: '',
      signatoryName: '',
      signatoryTitle: '',
      logo: null,
    };
  }
}
