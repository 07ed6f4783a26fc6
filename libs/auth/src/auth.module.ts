import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { ApiAuthGuard } from './api-auth.guard';
import { AuthController, UsersController } from './auth.controller';
import { AccountTokensService } from './account-tokens.service';
import { AccountsService } from './accounts.service';
import { AuthService } from './auth.service';
import { AccountToken } from './entities/account-token.entity';
import { LoginAttempt } from './entities/login-attempt.entity';
import { User } from './entities/user.entity';
import { JwtStrategy } from './jwt.strategy';
import { UsersService } from './users.service';
import { AuthAnonymisation } from './personal-data/anonymisation';
import { AuthDataExport } from './personal-data/data-export';

@Module({
  imports: [
    TypeOrmModule.forFeature([User, LoginAttempt, AccountToken]),
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { expiresIn: config.jwtExpiresInSeconds, algorithm: 'HS256' },
      }),
    }),
    // Per client IP, in memory (per instance): a generous ceiling on the anonymous auth endpoints;
    // the failure limits themselves are kept in PostgreSQL (AuthService.login).
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ throttlers: [{ name: 'auth', ttl: 60_000, limit: config.login.requestsPerMinute }] }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    AuthDataExport,
    AuthAnonymisation,
    UsersService,
    AuthService,
    AccountTokensService,
    AccountsService,
    JwtStrategy,
    { provide: APP_GUARD, useClass: ApiAuthGuard },
  ],
  exports: [AuthDataExport, AuthAnonymisation, UsersService, AccountsService],
})
export class AuthModule {}
