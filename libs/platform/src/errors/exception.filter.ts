import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';
import { statusOf } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  rule?: string;
}

const HTTP_DEFAULTS: Record<number, { code: string; message: string }> = {
  400: { code: 'VALIDATION_FAILED', message: 'La requête est invalide.' },
  401: { code: 'AUTH.UNAUTHENTICATED', message: 'Authentification requise : connectez-vous (jeton absent, invalide ou expiré).' },
  403: { code: 'AUTH.FORBIDDEN', message: 'Votre rôle ne permet pas cette opération.' },
  404: { code: 'NOT_FOUND', message: 'La ressource demandée est introuvable.' },
  405: { code: 'NOT_FOUND', message: "Cette opération n'existe pas à cette adresse." },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'La requête est trop volumineuse.' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: "Le type de contenu envoyé n'est pas accepté." },
  429: { code: 'AUTH.TOO_MANY_ATTEMPTS', message: 'Trop de tentatives : réessayez plus tard.' },
};

/** 503 SERVICE.BUSY: the database did not answer in time (spec/api.md). Never a hang. */
function busy(): ErrorBody {
  return {
    statusCode: 503,
    code: 'SERVICE.BUSY',
    message: "La base de données n'a pas répondu à temps : réessayez dans un instant.",
  };
}

/** The pool found no free connection in time, or lost its connection to the server. */
function isPoolTimeout(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(message);
}

/** PostgreSQL errors that bad input can still cause, mapped so they never surface as a 500. */
function fromDatabase(error: QueryFailedError<Error>): ErrorBody | null {
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  switch (driverError?.code) {
    case '23505':
      return {
        statusCode: 409,
        code: 'CONFLICT',
        message: 'Cette donnée existe déjà (enregistrement en double refusé).',
        details: driverError.constraint ? [{ constraint: driverError.constraint }] : [],
      };
    case '23503':
      return { statusCode: 409, code: 'CONFLICT', message: 'Cette donnée est liée à une autre qui est absente ou encore utilisée.' };
    case '40001':
    case '40P01':
      return { statusCode: 409, code: 'CONFLICT', message: 'Une opération concurrente a modifié les mêmes données : réessayez.' };
    case '55P03': // lock_timeout
    case '57014': // statement_timeout
    case '25P03': // idle_in_transaction_session_timeout
    case '53300': // too many connections
    case '57P01':
    case '57P03':
      return busy();
    case '23502':
    case '23514':
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22001':
      return { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Une valeur envoyée a un format invalide.' };
    default:
      return null;
  }
}

/**
 * `details` is always an array (spec/api.md « Conventions »): empty when there is nothing to list;
 * a single object is wrapped.
 */
export function withDetails(body: ErrorBody): ErrorBody & { details: unknown[] } {
  const { details } = body;
  return { ...body, details: Array.isArray(details) ? details : details === undefined || details === null ? [] : [details] };
}

/** Shapes every error of the API as `{statusCode, code, message, details?}` (spec/api.md). */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = withDetails(this.toBody(exception));
    if (body.statusCode >= 500) {
      // Ids only in logs: the stack, never the request body.
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: statusOf(exception.code),
        code: exception.code,
        message: exception.message,
        ...(exception.details !== undefined ? { details: exception.details } : {}),
        ...(exception.rule ? { rule: exception.rule } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const payload = exception.getResponse();
      if (payload && typeof payload === 'object' && 'code' in payload && typeof payload.code === 'string') {
        return { statusCode, ...(payload as Omit<ErrorBody, 'statusCode'>) };
      }
      const fallback = HTTP_DEFAULTS[statusCode] ?? {
        code: statusCode >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST',
        message: 'La requête ne peut pas être traitée.',
      };
      return { statusCode, ...fallback };
    }
    if (exception instanceof QueryFailedError) {
      const mapped = fromDatabase(exception as QueryFailedError<Error>);
      if (mapped) return mapped;
    }
    if (isPoolTimeout(exception)) return busy();
    const status = (exception as { status?: unknown })?.status;
    const type = (exception as { type?: unknown })?.type;
    if (type === 'entity.parse.failed') {
      return {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: "Le corps de la requête n'est pas un JSON valide.",
        details: [{ field: 'body', message: 'JSON mal formé' }],
      };
    }
    if (type === 'entity.too.large') {
      return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'La requête est trop volumineuse.' };
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const fallback = HTTP_DEFAULTS[status] ?? { code: 'BAD_REQUEST', message: 'La requête ne peut pas être traitée.' };
      return { statusCode: status, ...fallback };
    }
    return {
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'Erreur interne : elle a été enregistrée, réessayez ou contactez le support.',
    };
  }
}
