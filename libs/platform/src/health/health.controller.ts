import { Controller, Get, HttpException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../http/auth-decorators';

@ApiTags('Opérations')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "État de l'application et de sa base" })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up' } } })
  @ApiServiceUnavailableResponse({ schema: { example: { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: '…' } } })
  async health(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new HttpException(
        { code: 'SERVICE_UNAVAILABLE', message: 'La base de données ne répond pas.', details: { status: 'error', database: 'down' } },
        503,
      );
    }
    return { status: 'ok', database: 'up' };
  }
}
