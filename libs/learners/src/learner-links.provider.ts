import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { LearnerLinks } from '@app/platform';
import { Learner } from './entities/learner.entity';

/** learnerId of accounts, for libs/auth (`GET /api/auth/me`), in one query. Depends on nothing else. */
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
}
