import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditService, AuthUser, DocumentIssuer, DomainError, receiveFile } from '@app/platform';
import { CentreDto, CentreInputDto } from './dto/centre.dto';
import { DEFAULT_RETENTION, LogoType, MAX_LOGO_BYTES } from './entities/centre.entity';
import { checkLogo } from './logo';

/** The row as read (the logo's bytes apart). */
interface CentreRow {
  name: string;
  address: string;
  postal_code: string;
  city: string;
  agrement_number: string;
  email: string;
  phone: string;
  signatory_name: string;
  signatory_title: string;
  has_logo: boolean;
  retention_attachments_years: number;
  retention_identity_years: number;
}

const COLUMNS = `name, address, postal_code, city, agrement_number, email, phone, signatory_name, signatory_title,
  logo IS NOT NULL AS has_logo, retention_attachments_years, retention_identity_years`;

const toDto = (r: CentreRow): CentreDto => ({
  name: r.name,
  address: r.address,
  postalCode: r.postal_code,
  city: r.city,
  agrementNumber: r.agrement_number,
  email: r.email,
  phone: r.phone,
  signatoryName: r.signatory_name,
  signatoryTitle: r.signatory_title,
  hasLogo: r.has_logo,
  retention: { attachmentsYears: r.retention_attachments_years, identityYears: r.retention_identity_years },
});

/** What the audit keeps of a logo: its type, size and digest, not its bytes. */
interface LogoFacts {
  contentType: LogoType | null;
  size: number | null;
  sha256: string | null;
}
const LOGO_FACTS = `SELECT logo_content_type AS "contentType", octet_length(logo) AS size, encode(sha256(logo), 'hex') AS sha256
  FROM centre WHERE id = 1`;

const AUDIT = { entity: 'centre', entityId: '1' } as const;

/**
 * The centre's identity (issue 12): name, address, agrément / CERES number, contact, signatory,
 * logo, retention — one row (`centre`, id 1), edited by staff, printed on every document.
 * CENTRE_NAME is only the name of the row created at first start. Nothing is cached: several
 * instances share the database, and a one-row primary-key read is cheap.
 */
@Injectable()
export class CentreService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Centre');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** The row, from CENTRE_NAME, when absent: idempotent, and safe when instances start together. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.startupTasks) return;
    if (await this.ensureRow()) this.logger.log(`Identité du centre créée (« ${this.config.centreName} », CENTRE_NAME)`);
  }

  /** Who issues the documents, as printed on their letterhead and signature block. */
  async issuer(): Promise<DocumentIssuer> {
    const rows: (CentreRow & { logo: Buffer | null })[] = await this.dataSource.query(`SELECT ${COLUMNS}, logo FROM centre WHERE id = 1`);
    const centre = rows[0] ? toDto(rows[0]) : this.defaults();
    return {
      name: centre.name,
      address: centre.address,
      postalCode: centre.postalCode,
      city: centre.city,
      agrementNumber: centre.agrementNumber,
      email: centre.email,
      phone: centre.phone,
      signatoryName: centre.signatoryName,
      signatoryTitle: centre.signatoryTitle,
      logo: rows[0]?.logo ?? null,
    };
  }

  async get(): Promise<CentreDto> {
    const rows: CentreRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM centre WHERE id = 1`);
    return rows[0] ? toDto(rows[0]) : this.defaults();
  }

  /** A full replacement (see CentreInputDto); audited when something changed. */
  async update(actor: AuthUser, input: CentreInputDto): Promise<CentreDto> {
    const attachmentsYears = input.retention?.attachmentsYears ?? DEFAULT_RETENTION.attachmentsYears;
    const identityYears = input.retention?.identityYears ?? DEFAULT_RETENTION.identityYears;
    if (attachmentsYears > identityYears) {
      throw DomainError.validation([
        {
          field: 'retention.attachmentsYears',
          message: `Les pièces jointes contiennent l'identité de l'apprenant : elles ne peuvent pas être gardées plus longtemps qu'elle (${identityYears} an${identityYears > 1 ? 's' : ''}).`,
        },
      ]);
    }
    const text = (value: string | undefined | null): string => value ?? '';
    const values = [
      input.name,
      text(input.address),
      text(input.postalCode),
      text(input.city),
      text(input.agrementNumber),
      text(input.email),
      text(input.phone),
      text(input.signatoryName),
      text(input.signatoryTitle),
      attachmentsYears,
      identityYears,
    ];
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockRow(m);
      const [after] = await m.query<[CentreRow[], number]>(
        `UPDATE centre SET name = $1, address = $2, postal_code = $3, city = $4, agrement_number = $5, email = $6, phone = $7,
           signatory_name = $8, signatory_title = $9, retention_attachments_years = $10, retention_identity_years = $11,
           updated_at = clock_timestamp()
         WHERE id = 1 RETURNING ${COLUMNS}`,
        values,
      );
      const view = toDto(after[0]);
      if (JSON.stringify(view) !== JSON.stringify(before)) {
        await this.audit.record(m, { actorId: actor.id, action: 'centre.update', ...AUDIT, before, after: view });
      }
      return view;
    });
  }

  /**
   * The logo from a multipart upload (field `file`): at most 1 MB, PNG or JPEG from its bytes,
   * printable by pdfkit (logo.ts). A refused or interrupted upload changes nothing.
   */
  async setLogo(actor: AuthUser, req: Request): Promise<void> {
    const data = await receiveFile(req, { maxBytes: MAX_LOGO_BYTES, incomplete }, async (file, formComplete) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      // Read to the end even when too large: leaving the loop would cut the answer off.
      for await (const chunk of file.stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_LOGO_BYTES || file.truncated()) tooLarge = true;
        if (!tooLarge) chunks.push(chunk);
      }
      if (tooLarge || file.truncated()) {
        throw new DomainError('PAYLOAD_TOO_LARGE', 'Le logo dépasse 1 Mo : réduisez-le (image redimensionnée ou compressée).', [
          { field: 'file', message: 'Le logo dépasse 1 Mo : réduisez-le (image redimensionnée ou compressée).' },
        ]);
      }
      await formComplete();
      return Buffer.concat(chunks);
    });
    const contentType = await checkLogo(data);
    const after = { contentType, size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
    await this.dataSource.transaction(async (m) => {
      await this.lockRow(m);
      const [previous] = await m.query<LogoFacts[]>(LOGO_FACTS);
      if (previous.sha256 === after.sha256) return; // the same logo sent again: nothing changes
      await m.query(`UPDATE centre SET logo = $1, logo_content_type = $2, updated_at = clock_timestamp() WHERE id = 1`, [
        data,
        contentType,
      ]);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'centre.set_logo',
        ...AUDIT,
        before: previous.contentType ? previous : null,
        after,
      });
    });
  }

  /** Removes the logo (nothing to do when there is none). */
  async deleteLogo(actor: AuthUser): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.lockRow(m);
      const [previous] = await m.query<LogoFacts[]>(LOGO_FACTS);
      if (!previous.contentType) return;
      await m.query(`UPDATE centre SET logo = NULL, logo_content_type = NULL, updated_at = clock_timestamp() WHERE id = 1`);
      await this.audit.record(m, { actorId: actor.id, action: 'centre.delete_logo', ...AUDIT, before: previous, after: null });
    });
  }

  /** The logo's bytes and type, or null when none is set. */
  async logo(): Promise<{ data: Buffer; contentType: LogoType } | null> {
    const rows: { logo: Buffer | null; content_type: LogoType | null }[] = await this.dataSource.query(
      `SELECT logo, logo_content_type AS content_type FROM centre WHERE id = 1`,
    );
    const row = rows[0];
    return row?.logo && row.content_type ? { data: row.logo, contentType: row.content_type } : null;
  }

  /** Creates the row from CENTRE_NAME when absent; true when this call created it. */
  private async ensureRow(): Promise<boolean> {
    // Inside a transaction, the query runs on its connection (ADR 0008).
    const rows: unknown[] = await this.dataSource.query(
      'INSERT INTO centre (id, name) VALUES (1, $1) ON CONFLICT (id) DO NOTHING RETURNING id',
      [this.config.centreName],
    );
    return rows.length > 0;
  }

  /** The row, locked for this transaction's write (created first if absent): writes take turns. */
  private async lockRow(m: EntityManager): Promise<CentreDto> {
    await this.ensureRow();
    const rows: CentreRow[] = await m.query(`SELECT ${COLUMNS} FROM centre WHERE id = 1 FOR UPDATE`);
    return toDto(rows[0]);
  }

  /** What the centre is before the row exists (an app started without its start-up tasks). */
  private defaults(): CentreDto {
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
      hasLogo: false,
      retention: { ...DEFAULT_RETENTION },
    };
  }
}

function incomplete(): DomainError {
  return DomainError.validation([
    { field: 'file', message: "L'envoi du fichier a été interrompu : rien n'a été enregistré. Recommencez." },
  ]);
}
