import { applyDecorators, ParseUUIDPipe, Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { DomainError } from '../errors/domain-error';

export class FieldProblemDto {
  @ApiProperty({ example: 'birthDate' }) field: string;
  @ApiProperty({ example: 'Doit être une date réelle au format AAAA-MM-JJ.' }) message: string;
}

export class ErrorResponseDto {
  @ApiProperty({ example: 422 }) statusCode: number;
  @ApiProperty({ example: 'ELIG.DP_NOT_SUBMITTED' }) code: string;
  @ApiProperty({ example: "Le dossier professionnel n'a pas été remis." }) message: string;
  @ApiPropertyOptional({ description: 'Détail : liste de champs (400) ou données propres au code' }) details?: unknown;
  @ApiPropertyOptional({ example: 'R-ELIG-5', description: 'Règle (domain/rules.md) qui a refusé' }) rule?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED : données invalides (details par champ), JSON mal formé',
  401: 'AUTH.UNAUTHENTICATED : jeton absent, invalide ou expiré',
  403: "AUTH.FORBIDDEN : le rôle ne permet jamais l'opération",
  404: 'NOT_FOUND : inexistant ou non visible pour vous',
  409: "Conflit d'état",
  413: 'PAYLOAD_TOO_LARGE',
  415: 'Type de fichier refusé',
  422: "Une règle de certification refuse l'opération",
  429: 'AUTH.TOO_MANY_ATTEMPTS',
};

/** Documents the error responses of an endpoint (shape: ErrorResponseDto). */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Erreur', type: ErrorResponseDto })),
  );
}

/** Standard errors of an authenticated endpoint, plus those given. */
export function ApiAuthErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiErrors(401, 403, ...statuses));
}

/** A path id that is not a UUID is bad input: 400 naming the parameter, never a 500. */
export const uuidParam = (field = 'id'): ParseUUIDPipe =>
  new ParseUUIDPipe({
    exceptionFactory: () => DomainError.validation([{ field, message: 'Doit être un identifiant (UUID) valide.' }]),
  });

/** Documents a paginated answer `{items, total, page, pageSize}` of the given item. */
export function ApiPageResponse(item: Type<unknown>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      schema: {
        type: 'object',
        required: ['items', 'total', 'page', 'pageSize'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          total: { type: 'integer' },
          page: { type: 'integer' },
          pageSize: { type: 'integer' },
        },
      },
    }),
  );
}
