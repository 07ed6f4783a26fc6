import { Controller, Get, HttpException, OnModuleDestroy } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Public } from '../http/auth-decorators';

@ApiTags('Opérations')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  /**
   * Its own connection, beside the application's pool: a burst of requests waiting for the pool
   * (or for a row lock) must not make the instance look dead to a load balancer; what health
   * answers is « the process runs and PostgreSQL answers », in at most 2 s either way.
   */
  private readonly pool: Pool;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const { url } = dataSource.options as { url?: string };
    this.pool = new Pool({
      connectionString: url,
      max: 1,
      connectionTimeoutMillis: 2_000,
      statement_timeout: 2_000,
      idleTimeoutMillis: 60_000,
      application_name: 'sams-health',
    });
    this.pool.on('error', () => undefined); // a dropped idle connection is simply reopened
  }

  @Get()
  @Public()
  @ApiOperation({ summary: "État de l'application et de sa base" })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up' } } })
  @ApiServiceUnavailableResponse({ schema: { example: { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: '…' } } })
  async health(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.pool.query('SELECT 1');
    } catch {
      throw new HttpException(
        { code: 'SERVICE_UNAVAILABLE', message: 'La base de données ne répond pas.', details: [{ status: 'error', database: 'down' }] },
        503,
      );
    }
    return { status: 'ok', database: 'up' };
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
