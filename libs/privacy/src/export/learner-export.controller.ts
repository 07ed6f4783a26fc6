import { Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ZipArchive } from 'archiver';
import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { ApiAuthErrors, ApiPageResponse, AuthUser, CurrentUser, Page, PageQueryDto, Roles, uuidParam } from '@app/platform';
import { LearnerExportService, ReadEntry } from './learner-export.service';

class ReaderDto {
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ['admin', 'trainer', 'juror'] }) role: string;
}

export class ReadEntryDto implements ReadEntry {
  @ApiProperty({ description: 'ISO 8601' }) at: string;
  @ApiProperty({ type: ReaderDto }) reader: ReaderDto;
  @ApiProperty({ enum: ['dp', 'jury_dossier'] }) what: string;
  @ApiProperty({ format: 'uuid', description: 'le DP ou la session' }) subjectId: string;
}

const logger = new Logger('LearnerExport');

@ApiTags('Données personnelles')
@Controller('learners')
export class LearnerExportController {
  constructor(private readonly exports: LearnerExportService) {}

  /**
   * Issue 16 (2), RGPD art. 15 and 20: a ZIP of `learner.json` (format `sams-learner-export/1`,
   * README « Export des données d'un apprenant ») and the DP's attachments under `dp/`. The learner
   * (their own file, signed in with their account) and the centre (admin); 404 when the learner is
   * not visible, 403 AUTH.FORBIDDEN for their trainers and jurors, 409 LEARNER.ANONYMISED.
   * learner.json is built (and the export audited, `learner.export`) before the first byte: every
   * refusal or failure up to there is the contract's JSON error. The ZIP is then streamed, the
   * attachments read as it goes; a client that goes away stops the archive and the reads.
   */
  @Get(':id/export')
  @Roles('learner', 'admin')
  @ApiOperation({
    summary:
      "Télécharger toutes les données de l'apprenant (RGPD) : un ZIP avec learner.json et les pièces jointes du DP — l'apprenant (les siennes) et le centre",
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'application/zip : learner.json et dp/…' })
  @ApiAuthErrors(400, 404, 409)
  async export(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const prepared = await this.exports.prepare(user, id);
    // The client left while learner.json was being built: nothing to send (the export is audited).
    if (res.destroyed || res.socket?.destroyed) return;

    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${prepared.fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');

    const archive = new ZipArchive({ zlib: { level: 9 } });
    const sources: Readable[] = [];
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      archive.abort();
      for (const source of sources) source.destroy();
    };
    // The client went away before the end: no more reads, nothing kept (the archive's promise is
    // not awaited for that reason: an aborted archive never ends).
    res.on('close', () => {
      if (!res.writableFinished) stop();
    });
    // Headers are sent: cutting the connection is the only way to say the ZIP is not complete.
    const fail = (error: Error, what: string): void => {
      if (!stopped) logger.error(`export ${id}${what}: ${error.stack ?? error.message}`);
      stop();
      res.destroy();
    };
    archive.on('error', (error: Error) => fail(error, ''));
    res.on('error', () => stop()); // a write on a socket that just went away
    archive.on('warning', (error: Error) => logger.warn(`export ${id}: ${error.message}`));
    archive.pipe(res);

    archive.append(prepared.learnerJson, { name: 'learner.json', date: new Date() });
    for (const file of prepared.files) {
      const source = file.open();
      // A read that fails (a missing row): the archive would wait for that entry forever (archiver
      // does not pass a source's error on) — the answer is cut at once.
      source.on('error', (error: Error) => fail(error, `, ${file.path}`));
      sources.push(source);
      // PDF, PNG and JPEG are compressed already: stored as they are (no CPU spent for nothing).
      archive.append(source, { name: file.path, store: true });
    }
    archive.finalize().catch(() => undefined);
  }

  /** Issue 16 (4): who read the learner's DP or jury dossier (read log), newest first. The learner (their own) and the centre. */
  @Get(':id/reads')
  @Roles('learner', 'admin')
  @ApiOperation({ summary: "Qui a consulté le DP ou le dossier de jury de l'apprenant, et quand — l'apprenant (les siennes) et le centre" })
  @ApiPageResponse(ReadEntryDto)
  @ApiAuthErrors(400, 404)
  reads(@Param('id', uuidParam()) id: string, @Query() query: PageQueryDto, @CurrentUser() user: AuthUser): Promise<Page<ReadEntry>> {
    return this.exports.reads(user, id, query);
  }
}
