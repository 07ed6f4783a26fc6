import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LearnerAccountLinker, UsersService } from '@app/auth';

/**
 * Links a learner account made in libs/auth (POST /api/users, an accepted invitation) to the
 * learner file with the same e-mail that has no account yet (issue 14: « Votre dossier apprenant
 * est introuvable »). Registered with UsersService at start: libs/auth may not import this lib.
 */
@Injectable()
export class LearnerAccountLinkerProvider implements LearnerAccountLinker, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.users.useLearnerLinker(this);
  }

  /** One statement, in the caller's transaction: never a second file for an account already linked. */
  async linkByEmail(userId: string, email: string): Promise<string | null> {
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE learners SET user_id = $1, updated_at = now()
       WHERE email = $2 AND user_id IS NULL AND NOT EXISTS (SELECT 1 FROM learners l WHERE l.user_id = $1)
       RETURNING id`,
      [userId, email],
    );
    return rows[0]?.id ?? null;
  }
}
