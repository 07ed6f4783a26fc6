import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { LearnerLinks } from '@app/platform';
import { Learner } from './entities/learner.entity';

/** Port LEARNER_LINKS for libs/auth: learnerId of accounts (`GET /api/auth/me`), and linking an account to its learner file. Depends on nothing else. */
@Injectable()
export class LearnerLinksProvider implements LearnerLinks {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async learnerIdsOfUsers(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const learners = await this.dataSource
      .getRepository(Learner)
      .find({ where: { userId: In(userIds) }, select: { id: true, userId: true } });
    return new Map(learners.map((l) => [l.userId!, l.id]));
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
