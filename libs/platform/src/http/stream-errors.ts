import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExceptionFilter, withDetails } from '../errors/exception.filter';

const filter = new ApiExceptionFilter();
const logger = new Logger('Streams');

/**
 * For `StreamableFile.setErrorHandler`: a download whose stream fails before its first byte gets
 * the contract's error body (`{statusCode, code, message, details: []}`, 503 when the database
 * did not answer), not Nest's plain « Bad Request »; after its first byte, the connection is cut
 * so that a truncated file never looks complete.
 */
export function answerStreamError(error: unknown, response: unknown): void {
  const res = response as Response; // Nest types it loosely: under Express, it is Express's response
  if (res.destroyed) return;
  const body = withDetails(filter.toBody(error));
  if (body.statusCode >= 500) logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const header of ['Content-Length', 'Content-Disposition', 'Content-Type', 'ETag']) res.removeHeader(header);
  res.status(body.statusCode).json(body);
}
